package org.fleetagent.control;

/**
 * What the daemon answers to {@code restart}, bound from the reply as sent.
 *
 * @param status {@code SUCCESS} or {@code FAILURE}
 * @param error  why it failed, or null
 */
public record RestartResult(String status, String error) {
    /** Whether the daemon restarted. */
    public boolean succeeded() {
        return "SUCCESS".equals(status);
    }
}
