package org.fleetagent.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.fleetagent.fixtures.podman.Podman;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The .deb as Debian's tools see it: its layout and conffile (dpkg-deb), and lintian without errors. */
class DebPackageIT {
    private static final Path DEB = Path.of(System.getProperty("elastic.agent.deb"));

    @Test
    void layoutAndConffile() {
        String contents = dpkgDeb("--contents");
        for (String path : List.of("./usr/bin/elastic-agent", "./usr/share/elastic-agent/elastic-agent", "./etc/elastic-agent/elastic-agent.yml",
                "./lib/systemd/system/elastic-agent.service", "./usr/share/bash-completion/completions/elastic-agent",
                "./usr/share/zsh/vendor-completions/_elastic-agent", "./usr/share/man/man1/elastic-agent.1.gz",
                "./usr/share/man/man1/elastic-agent-enroll.1.gz", "./usr/share/man/man1/elastic-agent-completion.1.gz")) {
            assertTrue(contents.contains(path + "\n") || contents.contains(path + " "), path + " missing:\n" + contents);
        }
        assertEquals("/etc/elastic-agent/elastic-agent.yml", dpkgDeb("--info", "conffiles").strip());
        String control = dpkgDeb("--field");
        assertTrue(control.contains("Package: elastic-agent") && control.contains("Architecture: amd64"), control);
    }

    @Test
    void lintianFindsNoErrors() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/lintian")), "lintian is not installed");
        Podman.Result r = Podman.run(List.of("lintian", "--tag-display-limit", "0", DEB.toString()), Duration.ofMinutes(5));
        String report = r.out() + r.err();
        System.out.println("lintian " + DEB.getFileName() + ":\n" + report.strip());
        assertTrue(report.lines().noneMatch(l -> l.startsWith("E: ")), report);
    }

    private static String dpkgDeb(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("dpkg-deb"));
        cmd.add(args[0]);
        cmd.add(DEB.toString());
        cmd.addAll(List.of(args).subList(1, args.length));
        Podman.Result r = Podman.run(cmd, Duration.ofMinutes(1));
        assertEquals(0, r.exit(), r.both());
        return r.out();
    }
}
