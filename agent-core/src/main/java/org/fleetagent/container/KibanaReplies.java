package org.fleetagent.container;

import java.util.List;

/** The parts of Kibana's Fleet API replies the container reads; components named like the JSON members. */
final class KibanaReplies {
    private KibanaReplies() {
    }

    /** POST /api/fleet/service_tokens. */
    record ServiceToken(String value) {
    }

    /** An agent policy (only its id is used). */
    record Policy(String id) {
    }

    /** GET /api/fleet/agent_policies/{id}. */
    record PolicyItem(Policy item) {
    }

    /** GET /api/fleet/agent_policies?kuery=... */
    record PolicyList(List<Policy> items) {
    }

    /** An enrollment API key; {@code api_key} only when fetched by id. */
    record Key(String id, String name, String api_key) {
    }

    /** GET /api/fleet/enrollment_api_keys/{id}. */
    record KeyItem(Key item) {
    }

    /** GET /api/fleet/enrollment_api_keys: {@code items}, or {@code list} from older Kibanas. */
    record KeyPage(List<Key> items, List<Key> list, Long total) {
        List<Key> keys() {
            List<Key> k = items != null ? items : list;
            return k == null ? List.of() : k;
        }
    }
}
