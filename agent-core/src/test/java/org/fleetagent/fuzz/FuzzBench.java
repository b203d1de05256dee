package org.fleetagent.fuzz;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * The long fuzz run ({@code bench/fuzz}): every target, or those named, {@code execs} mutated inputs each from a
 * seeded {@link Random}; prints executions per second and each finding (the first few, with the input), and exits 1
 * when there was one.
 *   FuzzBench [execs per target] [seed] [target...]
 */
public final class FuzzBench {
    private FuzzBench() {
    }

    public static void main(String[] args) throws Exception {
        long execs = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        List<String> only = args.length > 2 ? List.of(args).subList(2, args.length) : List.of();
        // the store targets write and fsync their files: in memory (tmpfs) those cost the parsers' time, not the disk's
        Path shm = Path.of("/dev/shm");
        Path scratch = Files.isDirectory(shm) && Files.isWritable(shm)
                ? Files.createTempDirectory(shm, "fuzz-bench") : Files.createTempDirectory("fuzz-bench");
        int findings = 0;
        System.out.println("| target | executions | seconds | executions/s | findings |");
        System.out.println("| --- | ---: | ---: | ---: | ---: |");
        for (FuzzTarget t : FuzzTargets.all(scratch)) {
            if (!only.isEmpty() && !only.contains(t.name())) {
                continue;
            }
            Random r = new Random(seed ^ t.name().hashCode());
            int found = 0;
            long t0 = System.nanoTime();
            for (long i = 0; i < execs; i++) {
                try {
                    t.check(Edit.random(t.seeds(), r));
                } catch (AssertionError e) {
                    if (found++ < 3) {
                        System.err.println(e.getMessage());
                        e.getCause().printStackTrace();
                    }
                }
            }
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("| %s | %d | %.1f | %.0f | %d |%n", t.name(), execs, s, execs / s, found);
            findings += found;
        }
        try (var files = Files.walk(scratch)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
        System.exit(findings == 0 ? 0 : 1);
    }
}
