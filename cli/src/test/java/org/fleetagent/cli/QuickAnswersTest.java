package org.fleetagent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What is answered without picocli is what picocli would print; everything else is left to picocli. */
class QuickAnswersTest {
    @TempDir
    Path dist;

    private record Answer(OptionalInt code, String out, String err) {
    }

    private Answer quick(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        OptionalInt code = QuickAnswers.answer(args, dist.toString(), new PrintWriter(out), new PrintWriter(err));
        return new Answer(code, out.toString(), err.toString());
    }

    @Test
    void everyRenderedHelpIsPicocliHelp() throws Exception {
        HelpPages.write(dist);
        List<String[]> forms = new ArrayList<>();
        forms.add(new String[] {"--help"});
        forms.add(new String[] {"-h"});
        for (Class<?> cls : RootCommand.SUBCOMMANDS) {
            String name = cls.getAnnotation(picocli.CommandLine.Command.class).name();
            forms.add(new String[] {name, "--help"});
            forms.add(new String[] {name, "-h"});
        }
        for (String[] args : forms) {
            Answer a = quick(args);
            CliRunner.Outcome picocli = CliRunner.run(args);
            assertEquals(OptionalInt.of(0), a.code(), String.join(" ", args));
            assertEquals(picocli.out(), a.out(), String.join(" ", args));
            assertEquals("", a.err());
        }
    }

    @Test
    void otherFormsGoToPicocli() throws Exception {
        HelpPages.write(dist);
        for (String[] args : List.of(new String[] {}, new String[] {"inspect", "components", "--help"}, new String[] {"bogus", "--help"},
                new String[] {"../etc/passwd", "--help"}, new String[] {"enroll", "--url", "x"}, new String[] {"version", "--yaml", "--yaml"},
                new String[] {"version", "--path.home", "/tmp"}, new String[] {"version", "-e"}, new String[] {"Enroll", "--help"})) {
            assertTrue(quick(args).code().isEmpty(), String.join(" ", args));
        }
    }

    @Test
    void withoutRenderedHelpPicocliAnswers() {
        assertTrue(quick("enroll", "--help").code().isEmpty());
        assertTrue(Files.notExists(dist.resolve(QuickAnswers.HELP_DIR)));
    }

    @Test
    void versionBinaryOnlyIsPicocliOutput() {
        for (String[] args : List.of(new String[] {"version", "--binary-only"}, new String[] {"version", "--yaml", "--binary-only"})) {
            Answer a = quick(args);
            CliRunner.Outcome picocli = CliRunner.run(args);
            assertEquals(OptionalInt.of(picocli.code()), a.code());
            assertEquals(picocli.out(), a.out());
        }
    }
}
