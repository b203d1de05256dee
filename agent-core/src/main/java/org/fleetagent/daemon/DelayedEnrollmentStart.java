package org.fleetagent.daemon;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.fleetagent.control.State;
import org.fleetagent.control.StateHub;
import org.fleetagent.enroll.DelayedEnrollment;
import org.fleetagent.enroll.EnrollOptions;
import org.fleetagent.enroll.EnrollProgress;
import org.fleetagent.enroll.EnrollResult;
import org.fleetagent.enroll.EnrollRetry;
import org.fleetagent.enroll.EnrollService;
import org.fleetagent.errors.AgentException;
import org.fleetagent.platform.AgentPaths;
import org.fleetagent.transport.HttpClientFactory;

/**
 * {@code --delay-enroll}: the enrollment options wait encrypted in enroll.enc; the daemon's first start enrolls with
 * them on a thread of its own (retrying as enroll does, within their --enroll-timeout), removes the file and
 * restarts into Fleet mode.
 */
final class DelayedEnrollmentStart {
    private static final Logger LOG = Logger.getLogger(DelayedEnrollmentStart.class.getName());

    private DelayedEnrollmentStart() {
    }

    /**
     * @param stopped counted down when the daemon stops: a retry waiting on it gives up
     * @param restart called once enrolled
     */
    static void startIfPending(AgentPaths paths, HttpClientFactory transport, StateHub hub, CountDownLatch stopped,
                               Runnable restart) {
        DelayedEnrollment delayed = new DelayedEnrollment(paths);
        if (!delayed.pending()) {
            return;
        }
        Optional<EnrollOptions> options;
        try {
            options = delayed.load();
        } catch (RuntimeException e) {
            LOG.severe("cannot read the delayed enrollment " + delayed.file() + ": " + e.getMessage());
            hub.update(s -> s.withFleet(State.FAILED, "Delayed enrollment unreadable: " + e.getMessage()));
            return;
        }
        if (options.isEmpty()) {
            return;
        }
        hub.update(s -> s.withFleet(State.STARTING, "Enrolling into " + options.get().url() + " (delayed enrollment)"));
        Thread.ofPlatform().name("delayed-enroll").daemon(true).start(() -> {
            try {
                EnrollResult r = new EnrollService(paths, transport, progress(hub, stopped), Clock.systemUTC(), EnrollRetry.INTERACTIVE)
                        .enroll(options.get(), true, null);
                delayed.clear();
                LOG.info("delayed enrollment done: agent " + r.agentId() + " in policy " + r.policyId());
                restart.run();
            } catch (AgentException | IOException e) {
                LOG.severe("delayed enrollment failed: " + e.getMessage());
                hub.update(s -> s.withFleet(State.FAILED, "Delayed enrollment failed: " + e.getMessage()));
            }
        });
    }

    private static EnrollProgress progress(StateHub hub, CountDownLatch stopped) {
        return new EnrollProgress() {
            @Override
            public void retrying(int attempt, String cause, Duration wait, Duration remaining) {
                LOG.warning("delayed enrollment attempt " + attempt + " failed: " + cause + "; retrying in " + wait);
                hub.update(s -> s.withFleet(State.STARTING, "Enrolling (attempt " + attempt + " failed: " + cause + ")"));
            }

            @Override
            public void await(Duration wait) throws InterruptedException {
                if (stopped.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new InterruptedException("stopping");
                }
            }

            @Override
            public void warn(String message) {
                LOG.warning(message);
            }
        };
    }
}
