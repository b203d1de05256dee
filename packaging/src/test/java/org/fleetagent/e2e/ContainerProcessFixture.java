package org.fleetagent.e2e;

import java.nio.file.Path;
import org.fleetagent.fixtures.agent.Teardown;
import org.fleetagent.fixtures.fleet.FleetServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the tests of the container entrypoint as a process share: its state path, a scratch folder for logs, the
 * Fleet Server it talks to and the entrypoint's process, both ended after each test.
 */
abstract class ContainerProcessFixture {
    @TempDir
    Path state;

    @TempDir
    Path scratch;

    FleetServerFixture fleet;
    Process container;

    /** SIGKILL instead of SIGTERM at the end: for entrypoints that may still be retrying, whose stop is not under test. */
    private final boolean kill;

    ContainerProcessFixture(boolean kill) {
        this.kill = kill;
    }

    @AfterEach
    void stop() throws Exception {
        if (kill) {
            Teardown.kill(container, fleet);
        } else {
            Teardown.stop(container, fleet);
        }
    }
}
