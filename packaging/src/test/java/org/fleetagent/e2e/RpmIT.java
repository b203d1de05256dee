package org.fleetagent.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.fleetagent.fixtures.podman.Podman;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .rpm as Debian's rpm tools see it: the .deb's files, its conffile and scriptlets; installed into an empty root, it runs without Java. */
class RpmIT {
    private static final Path RPM = Path.of(System.getProperty("elastic.agent.rpm"));
    private static final Path DEB = Path.of(System.getProperty("elastic.agent.deb"));
    private static final String VERSION = RPM.getFileName().toString().replaceAll("^elastic-agent-(.*)-x86_64\\.rpm$", "$1");
    /** Where rpm distributions look for what Debian keeps elsewhere; the .deb's lintian overrides have no rpm counterpart. */
    private static final Map<String, String> RPM_PLACES = Map.of(
            "/lib/systemd/system/elastic-agent.service", "/usr/lib/systemd/system/elastic-agent.service",
            "/usr/share/zsh/vendor-completions/_elastic-agent", "/usr/share/zsh/site-functions/_elastic-agent",
            "/usr/share/lintian/overrides/elastic-agent", "");

    @Test
    void sameFilesAsTheDebWithItsConffileAndScriptlets() {
        assertEquals("elastic-agent " + VERSION.replace('-', '~') + " 1 x86_64",
                rpmQuery("--qf", "%{NAME} %{VERSION} %{RELEASE} %{ARCH}"));
        Set<String> debFiles = run(List.of("dpkg-deb", "--contents", DEB.toString())).lines()
                .filter(l -> !l.startsWith("d"))
                .map(l -> l.split("\\s+", 6)[5].replaceFirst(" -> .*$", "").substring(1))
                .map(p -> RPM_PLACES.getOrDefault(p, p)).filter(p -> !p.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
        List<String> rpmEntries = rpmQuery("--qf", "[%{FILEMODES:perms}|%{FILEFLAGS:fflags}|%{FILENAMES}\\n]").lines().toList();
        Set<String> rpmFiles = rpmEntries.stream().filter(l -> !l.startsWith("d")).map(l -> l.split("\\|", 3)[2])
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(debFiles, rpmFiles);
        assertTrue(debFiles.size() > 100 && rpmQuery("-l").lines().toList().containsAll(rpmFiles), rpmQuery("-l"));
        assertTrue(rpmEntries.contains("-rw-r--r--|cn|/etc/elastic-agent/elastic-agent.yml"), String.join("\n", rpmEntries));
        assertTrue(rpmEntries.contains("drwxr-x---||/etc/elastic-agent"), String.join("\n", rpmEntries));
        assertTrue(rpmEntries.contains("-rwxr-xr-x||/usr/bin/elastic-agent"), String.join("\n", rpmEntries));

        String scripts = rpmQuery("--scripts");
        for (String scriptlet : List.of("preinstall scriptlet", "postinstall scriptlet", "preuninstall scriptlet", "postuninstall scriptlet")) {
            assertTrue(scripts.contains(scriptlet), scriptlet + " missing:\n" + scripts);
        }
        assertTrue(scripts.contains("systemctl stop elastic-agent.service") && scripts.contains("daemon-reload")
                && scripts.contains("install -d -m 0750 /var/lib/elastic-agent /var/log/elastic-agent"), scripts);
        assertTrue(!scripts.contains("rm -rf"), "erasing keeps the enrollment, as the real agent's rpm:\n" + scripts);
    }

    @Test
    void installedIntoAnEmptyRootItRunsWithItsBundledRuntime(@TempDir Path root) throws IOException {
        RootSupport.assumeRoot("RpmIT (rpm --install --root)");
        String installed = run(List.of("rpm", "--install", "--root", root.toString(), "--nodeps", "--noscripts", RPM.toString()));
        System.out.println("rpm --install --root: " + installed.strip());
        Path launcher = root.resolve("usr/share/elastic-agent/elastic-agent");
        assertTrue(Files.isExecutable(launcher) && Files.isRegularFile(root.resolve("etc/elastic-agent/elastic-agent.yml")), launcher + " missing");

        // no JAVA_HOME and no java on PATH: only the package's own runtime can run it
        Podman.Result version = bare(List.of(launcher.toString(), "version", "--binary-only"));
        assertEquals(0, version.exit(), version.both());
        assertTrue(version.out().startsWith("Binary: " + VERSION + " "), version.both());
    }

    private static String rpmQuery(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("rpm", "--query", "--package"));
        cmd.addAll(List.of(args));
        cmd.add(RPM.toString());
        return run(cmd).strip();
    }

    private static String run(List<String> cmd) {
        Podman.Result r = Podman.run(cmd, Duration.ofMinutes(2));
        assertEquals(0, r.exit(), String.join(" ", cmd) + ": " + r.both());
        return r.out() + r.err();
    }

    private static Podman.Result bare(List<String> cmd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().clear();
        pb.environment().put("PATH", "/nonexistent");
        Process p = pb.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        try {
            assertTrue(p.waitFor(1, TimeUnit.MINUTES), "no answer from " + cmd);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new Podman.Result(p.exitValue(), out.join(), err.join());
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
