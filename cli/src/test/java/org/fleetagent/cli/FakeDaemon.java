package org.fleetagent.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.fleetagent.control.AgentState;
import org.fleetagent.control.ControlServer;
import org.fleetagent.control.StateHub;

/** An in-process stand-in for a running daemon: the real control server on {@code <home>/elastic-agent.sock}, a fixed state. */
final class FakeDaemon implements AutoCloseable {
    private final ControlServer server;

    private FakeDaemon(ControlServer server) {
        this.server = server;
    }

    static FakeDaemon start(Path home, AgentState state) throws IOException {
        ControlServer server = new ControlServer(home.resolve("elastic-agent.sock"), new StateHub(state), new ControlServer.Handlers() {
            @Override
            public void restart() {
            }

            @Override
            public void stop() {
            }
        });
        server.start();
        return new FakeDaemon(server);
    }

    @Override
    public void close() {
        server.close();
    }
}
