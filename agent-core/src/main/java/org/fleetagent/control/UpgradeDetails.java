package org.fleetagent.control;

import java.util.Map;
import org.fleetagent.json.Json;

/**
 * Progress of an upgrade, as the real agent's control API reports it ({@code upgrade_details}); absent when no
 * upgrade is under way.
 *
 * @param targetVersion the version being upgraded to
 * @param state         the upgrade state name, such as {@code UPG_DOWNLOADING} or {@code UPG_FAILED}
 * @param actionId      the Fleet action that asked for it, empty when not from Fleet
 * @param metadata      details of the current step, or null
 */
public record UpgradeDetails(String targetVersion, String state, String actionId, Metadata metadata) {

    /** The state name of a download in progress, the only state whose percentage is shown. */
    public static final String DOWNLOADING = "UPG_DOWNLOADING";

    public UpgradeDetails {
        targetVersion = targetVersion == null ? "" : targetVersion;
        state = state == null ? "" : state;
        actionId = actionId == null ? "" : actionId;
    }

    /**
     * Details of the current upgrade step; empty strings and 0 mean "not set".
     *
     * @param scheduledAt     RFC 3339 time a scheduled upgrade starts
     * @param downloadPercent download progress, 0 to 1
     * @param failedState     the state that failed
     * @param errorMsg        the failure
     * @param retryErrorMsg   the error of a step being retried
     * @param retryUntil      RFC 3339 deadline of the retries
     * @param reason          why the state was entered (a manual or automatic rollback, say)
     */
    public record Metadata(String scheduledAt, double downloadPercent, String failedState, String errorMsg,
                           String retryErrorMsg, String retryUntil, String reason) {
        public Metadata {
            scheduledAt = scheduledAt == null ? "" : scheduledAt;
            failedState = failedState == null ? "" : failedState;
            errorMsg = errorMsg == null ? "" : errorMsg;
            retryErrorMsg = retryErrorMsg == null ? "" : retryErrorMsg;
            retryUntil = retryUntil == null ? "" : retryUntil;
            reason = reason == null ? "" : reason;
        }
    }

    /** The members but the metadata, under the protobuf message's (snake-case) names and in its order. */
    public Map<String, Object> members() {
        return Json.tree(new Members(targetVersion, state, actionId));
    }

    /** The metadata's members, named and ordered as {@link #members()}; null when there is no metadata. */
    public Map<String, Object> metadataMembers() {
        return metadata == null ? null : Json.tree(StateWire.MetadataWire.of(metadata));
    }

    private record Members(String target_version, String state, String action_id) {
    }
}
