package org.fleetagent.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.fleetagent.fleet.AckEvent;
import org.fleetagent.fleet.FleetAction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FleetActionsTest {
    private final AtomicInteger policies = new AtomicInteger();
    private final AtomicInteger unenrolls = new AtomicInteger();
    private final FleetActions actions = new FleetActions(a -> {
        policies.incrementAndGet();
        return FleetActions.done(a);
    }, unenrolls::incrementAndGet);

    private static FleetAction action(String id, String type, Map<String, ?> data) throws Exception {
        return new FleetAction(id, type, new java.util.LinkedHashMap<String, Object>(data));
    }

    @Test
    void everyTypeTheRealAgentHandlesIsInTheTable() throws Exception {
        assertEquals(FleetActions.REAL_TYPES, actions.types());
    }

    @ParameterizedTest
    @ValueSource(strings = {"POLICY_CHANGE", "POLICY_REASSIGN", "UNENROLL", "CANCEL"})
    void handledTypesAreAcknowledgedWithoutErrorAndTheRealMessage(String type) throws Exception {
        AckEvent ack = actions.dispatch(action("a-1", type, Map.of()));
        assertEquals("a-1", ack.actionId());
        assertEquals("Action \"a-1\" of type \"" + type + "\" acknowledged.", ack.message());
        assertNull(ack.error());
    }

    @Test
    void policyChangeAndUnenrollReachTheirHandlers() throws Exception {
        actions.dispatch(action("p", "POLICY_CHANGE", Map.of("policy", Map.of())));
        actions.dispatch(action("u", "UNENROLL", Map.of()));
        assertEquals(1, policies.get());
        assertEquals(1, unenrolls.get());
    }

    @ParameterizedTest
    @ValueSource(strings = {"UPGRADE", "SETTINGS", "REQUEST_DIAGNOSTICS", "INPUT_ACTION", "MIGRATE", "PRIVILEGE_LEVEL_CHANGE"})
    void typesNotCarriedOutAreAcknowledgedAsFailedWithWhatToDoInstead(String type) throws Exception {
        AckEvent ack = actions.dispatch(action("a-2", type, Map.of("input_type", "osquery")));
        assertEquals("a-2", ack.actionId(), "acknowledged, not dropped");
        assertNotNull(ack.error(), type + " must carry an error so Fleet shows it failed");
        assertTrue(ack.error().contains("not supported by this agent"), ack.error());
        assertEquals(0, policies.get() + unenrolls.get());
    }

    @Test
    void aFailedUpgradeTellsFleetNotToWaitForARetry() throws Exception {
        AckEvent ack = actions.dispatch(action("up", "UPGRADE", Map.of("version", "9.9.9")));
        assertEquals(Map.of("retry", false), ack.payload());
    }

    @Test
    void anInputActionNamesItsInputType() throws Exception {
        AckEvent ack = actions.dispatch(action("q", "INPUT_ACTION", Map.of("input_type", "osquery", "data", Map.of("query", "x"))));
        assertTrue(ack.error().contains("'osquery'"), ack.error());
    }

    @Test
    void anUnknownTypeGetsTheRealAgentsUnknownError() throws Exception {
        for (String type : List.of("SOMETHING_NEW", "")) {
            AckEvent ack = actions.dispatch(action("x-9", type, Map.of()));
            assertEquals("Action \"x-9\" of type \"" + type + "\" is unknown to the elastic-agent", ack.error());
        }
    }
}
