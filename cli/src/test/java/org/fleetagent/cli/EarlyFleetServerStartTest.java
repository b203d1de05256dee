package org.fleetagent.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.fleetagent.component.PrestartedComponents;
import org.fleetagent.fixtures.wait.Waits;
import org.fleetagent.platform.AgentPaths;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fleet-server component started before parsing: only for the plain bootstrap form, and never left behind. */
class EarlyFleetServerStartTest {
    @TempDir
    Path home;

    @AutoClose("discard")
    private final PrestartedComponents prestarted = new PrestartedComponents();

    /** Every case has a component that records its start and runs until its stdin closes, as the real protocol has it. */
    @BeforeEach
    void installComponent() throws Exception {
        Path dir = Files.createDirectories(home.resolve("components"));
        Path program = dir.resolve("fleet-server");
        Files.writeString(program, "#!/bin/sh\necho $$ > \"" + home.resolve("started") + "\"\ncat >/dev/null\nrm -f \""
                + home.resolve("started") + "\"\n");
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Waits until the component's process has recorded its start. */
    private void awaitStarted(String what) {
        Path started = home.resolve("started");
        Waits.until(what, Duration.ofSeconds(2), Duration.ofMillis(20), () -> Files.exists(started), s -> s, s -> "no " + started);
    }

    @Test
    void startsTheComponentForABootstrapAndStopsItWhenNobodyTakesIt() throws Exception {
        Thread starting = EarlyFleetServerStart.maybeStart(new String[] {"enroll", "--fleet-server-es", "http://es:9200",
                "--path.home", home.toString(), "--fleet-server-service-token", "t"}, prestarted);
        assertNotNull(starting);
        awaitStarted("the component's process runs before the command line is parsed");
        EarlyFleetServerStart.discard(starting, prestarted);
        assertFalse(Files.exists(home.resolve("started")), "discarding closes its stdin and waits for it to end");
    }

    @Test
    void theEqualsFormsAreRecognisedToo() throws Exception {
        Thread starting = EarlyFleetServerStart.maybeStart(new String[] {"enroll", "--fleet-server-es=http://es:9200",
                "--path.home=" + home}, prestarted);
        assertNotNull(starting);
        awaitStarted("the component's process runs");
        EarlyFleetServerStart.discard(starting, prestarted);
        assertFalse(Files.exists(home.resolve("started")));
    }

    @Test
    void anythingElseLeavesTheStartToTheBootstrap() throws Exception {
        String h = home.toString();
        assertNull(EarlyFleetServerStart.maybeStart(new String[] {"enroll", "--url", "https://fleet:443", "--path.home", h}, prestarted),
                "not a bootstrap");
        assertNull(EarlyFleetServerStart.maybeStart(new String[] {"install", "--fleet-server-es", "http://es:9200", "--path.home", h}, prestarted),
                "install runs from the installed copy");
        assertNull(EarlyFleetServerStart.maybeStart(new String[] {"enroll", "--fleet-server-es", "http://es:9200", "--path.home", h,
                "--path.config", h + "/other"}, prestarted), "another path option: the home could be another one");
        Files.createFile(AgentPaths.of(home, null, null, null, null).socket());
        assertNull(EarlyFleetServerStart.maybeStart(new String[] {"enroll", "--fleet-server-es", "http://es:9200", "--path.home", h}, prestarted),
                "a daemon may be running: it is restarted instead");
        Waits.stays("nothing was started", Duration.ofMillis(200), () -> !Files.exists(home.resolve("started")));
    }
}
