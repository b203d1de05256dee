package org.fleetagent.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.fleetagent.crash.CrashTrials;
import org.fleetagent.fixtures.fleet.FleetServerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short form of the crash trials ({@code bench/crash} runs 300): 30 seeded trials that SIGKILL enroll, run,
 * install and uninstall at random moments; none may leave a corrupt configuration or a host the same command cannot
 * finish, temporary files, held locks, or a second agent in Fleet.
 */
class CrashTrialIT {
    @TempDir
    Path work;

    @Test
    void thirtySeededKillsLeaveNothingCorruptAndEveryCommandRecovers() throws Exception {
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        long t0 = System.nanoTime();
        List<CrashTrials.Trial> trials;
        try (FleetServerFixture fleet = FleetServerFixture.builder().checkinLongPoll(Duration.ofSeconds(2)).checkinJitter(Duration.ZERO)
                .unlimited().build().start()) {
            trials = new CrashTrials(fleet, work, 19).run(30, t -> System.out.println(t == null
                    ? "CrashTrialIT: install and uninstall trials need root; this run kills enroll and run only" : "CrashTrialIT " + t));
        }
        CrashTrials.Summary summary = CrashTrials.Summary.of(trials, Duration.ofNanos(System.nanoTime() - t0));
        System.out.println("CrashTrialIT " + summary);
        assertEquals(0, summary.corrupt(), summary + ": " + trials.stream().filter(CrashTrials.Trial::corrupt).toList());
        assertEquals(0, summary.unrecoverable(), summary + ": " + trials.stream().filter(t -> !t.problems().isEmpty()).toList());
        assertTrue(summary.killed() >= 10, "too few kills landed while a command ran: " + summary);
    }
}
