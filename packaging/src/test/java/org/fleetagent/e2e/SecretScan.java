package org.fleetagent.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Collects everything a secret could leak into (command output, log files, the arguments and environment of the agent
 * and every process under it, files under the agent's home) and names each canary found, and where.
 */
final class SecretScan {
    private final Map<String, String> canaries = new LinkedHashMap<>();
    private final List<String> findings = new ArrayList<>();
    private int processesSampled;
    private int filesScanned;

    /** A secret the agent is given; {@code name} says which in the findings. */
    SecretScan canary(String name, String value) {
        canaries.put(name, value);
        return this;
    }

    /** Standard output and error of one command. */
    void output(String where, String text) {
        check(where, text);
    }

    /** {@code /proc/<pid>/cmdline} and {@code environ} of {@code process} and every descendant, as they are now. */
    void processes(ProcessHandle root) {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(root);
        root.descendants().forEach(all::add);
        for (ProcessHandle p : all) {
            for (String part : List.of("cmdline", "environ")) {
                try {
                    byte[] raw = Files.readAllBytes(Path.of("/proc", String.valueOf(p.pid()), part));
                    String text = new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
                    check("/proc/" + p.pid() + "/" + part + " (" + p.info().command().orElse("?") + ")", text);
                } catch (IOException gone) {
                    // the process ended between listing and reading: nothing left to leak
                }
            }
            processesSampled++;
        }
    }

    /**
     * Every regular file under {@code dir} except {@code skip} (the test's own records): a canary in plain text is a
     * finding, and a finding in a file others can read (mode & 0044) says so.
     */
    void files(Path dir, Set<Path> skip) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : walk.filter(Files::isRegularFile).filter(f -> !skip.contains(f)).toList()) {
                filesScanned++;
                byte[] raw;
                try {
                    raw = Files.readAllBytes(f);
                } catch (IOException unreadable) {
                    continue;
                }
                Set<PosixFilePermission> mode = Files.getPosixFilePermissions(f);
                boolean others = mode.contains(PosixFilePermission.OTHERS_READ) || mode.contains(PosixFilePermission.GROUP_READ);
                check(f + (others ? " (readable by others)" : ""), new String(raw, StandardCharsets.ISO_8859_1));
            }
        }
    }

    private void check(String where, String text) {
        canaries.forEach((name, value) -> {
            if (text.contains(value)) {
                findings.add(name + " in " + where);
            }
        });
    }

    List<String> findings() {
        return List.copyOf(findings);
    }

    String summary() {
        return "canaries " + canaries.keySet() + "; " + processesSampled + " process samples, " + filesScanned
                + " files; found " + findings.size() + ": " + findings;
    }
}
