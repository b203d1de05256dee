package org.fleetagent.daemon;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fleetagent.component.ComponentSupervisor;
import org.fleetagent.component.ExpectedConfigurations;
import org.fleetagent.component.Policy;
import org.fleetagent.control.AgentState;
import org.fleetagent.control.CertificateState;
import org.fleetagent.control.State;
import org.fleetagent.control.StateHub;
import org.fleetagent.tls.CertificateExpiry;

/**
 * Component supervision: the components a policy asks for, one per input type, run from
 * {@code <home>/components/<type>}; their states go into the agent's (a FAILED component makes the agent DEGRADED).
 */
final class Components implements AutoCloseable {
    private final Path dir;
    private final StateHub hub;
    private final org.fleetagent.component.PrestartedComponents prestarted;
    private final Map<String, Running> running = new HashMap<>();

    /** A component's supervisor, and whether a policy dropped it: its supervisor's last reports are then not published. */
    private record Running(ComponentSupervisor supervisor, AtomicBoolean gone) {
    }

    Components(Path dir, StateHub hub, org.fleetagent.component.PrestartedComponents prestarted) {
        this.dir = dir;
        this.hub = hub;
        this.prestarted = prestarted;
    }

    /** Starts, updates and stops components to match the policy. */
    synchronized void apply(Policy policy, String agentId) {
        Map<String, Map<String, Object>> byType = ExpectedConfigurations.of(policy, agentId);
        for (String type : Set.copyOf(running.keySet())) {
            if (!byType.containsKey(type)) {
                Running r = running.remove(type);
                r.gone().set(true);
                r.supervisor().close();
                String id = r.supervisor().state().id();
                hub.update(s -> summarized(s.withoutComponent(id)));
            }
        }
        byType.forEach((type, expected) -> {
            Running r = running.get(type);
            if (r == null) {
                AtomicBoolean gone = new AtomicBoolean();
                ComponentSupervisor s = new ComponentSupervisor(type, dir, prestarted, c -> {
                    if (!gone.get()) {
                        hub.update(st -> summarized(st.withComponent(c)));
                    }
                }, Duration.ofSeconds(1), Duration.ofSeconds(30));
                running.put(type, new Running(s, gone));
                s.start(expected);
            } else {
                r.supervisor().update(expected);
            }
        });
    }

    /**
     * The agent's state from its components', as the real coordinator rolls them up: any failed, then any degraded;
     * before them an expired certificate on the path to Fleet, which this agent adds.
     */
    static AgentState summarized(AgentState next) {
        if (next.state() == State.STOPPING || next.state() == State.CONFIGURING) {
            return next;
        }
        Optional<CertificateState> expired = next.certificates().stream().filter(CertificateState::expired).findFirst();
        if (expired.isPresent()) {
            CertificateState c = expired.get();
            return next.withState(State.DEGRADED, CertificateExpiry.expiredMessage(c.role(), c.subject(), c.notAfter()));
        }
        if (any(next, State.FAILED)) {
            return next.withState(State.DEGRADED, "1 or more components/units in a failed state");
        }
        if (any(next, State.DEGRADED)) {
            return next.withState(State.DEGRADED, "1 or more components/units in a degraded state");
        }
        return next.withState(State.HEALTHY, "Running");
    }

    private static boolean any(AgentState s, State wanted) {
        return s.components().stream().anyMatch(c -> c.state() == wanted || c.units().stream().anyMatch(u -> u.state() == wanted));
    }

    @Override
    public synchronized void close() {
        running.values().forEach(r -> r.supervisor().close());
        running.clear();
    }
}
