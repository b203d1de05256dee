package org.fleetagent.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape of the code as rules (ARCHITECTURE.md): agent-core knows nothing of the command line, its packages
 * depend on each other one way only, and commands reach the domain through services.
 */
class ArchitectureTest {
    private static final String CORE_EXCEPT_CLI = "org.fleetagent..";
    private static JavaClasses classes;

    /** The JDK's process-wide settings: one caller's proxy credentials or trust would become every client's. */
    private static final DescribedPredicate<JavaMethodCall> JVM_WIDE_SETTER = DescribedPredicate.describe(
            "a JVM-wide setter (Authenticator, ProxySelector, SSLContext, Locale, TimeZone .setDefault,"
                    + " HttpsURLConnection.setDefault*, Security providers, System.setProperty, System.setOut/Err/In)",
            call -> switch (call.getTargetOwner().getName()) {
                case "java.net.Authenticator", "java.net.ProxySelector", "javax.net.ssl.SSLContext", "java.util.Locale",
                        "java.util.TimeZone" -> call.getName().equals("setDefault");
                case "javax.net.ssl.HttpsURLConnection" -> call.getName().startsWith("setDefault");
                case "java.security.Security" -> call.getName().endsWith("Provider") || call.getName().equals("setProperty");
                case "java.lang.System" -> call.getName().startsWith("setProp") || call.getName().matches("set(Out|Err|In)");
                default -> false;
            });

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("src-test-fixtures"))
                .importPackages("org.fleetagent");
    }

    @Test
    void theRulesSeeBothModules() {
        org.junit.jupiter.api.Assertions.assertTrue(classes.contain(org.fleetagent.enrollment.EnrollmentService.class)
                && classes.contain(EnrollCommand.class), "agent-core and cli classes imported: " + classes.size());
    }

    @Test
    void agentCoreNeverImportsPicocli() {
        noClasses().that().resideInAPackage(CORE_EXCEPT_CLI).and().resideOutsideOfPackage("org.fleetagent.cli..")
                .should().dependOnClassesThat().resideInAPackage("picocli..")
                .because("agent-core is the domain; parsing the command line is the cli module's job")
                .check(classes);
    }

    @Test
    void packagesDependOnEachOtherOneWayOnly() {
        slices().matching("org.fleetagent.(*)..").should().beFreeOfCycles()
                .because("a package arrow that points back makes two packages one; see ARCHITECTURE.md for the order")
                .check(classes);
    }

    @Test
    void commandsGoThroughServicesNotStoresOrTransports() {
        noClasses().that().resideInAPackage("org.fleetagent.cli..").and().haveSimpleNameEndingWith("Command")
                .should().dependOnClassesThat().resideInAnyPackage("org.fleetagent.store..", "org.fleetagent.transport..")
                .because("a command parses, calls a service, prints and maps exit codes; storage and HTTP are the services' business")
                .check(classes);
    }

    @Test
    void agentCoreDoesNotReachBackIntoTheCli() {
        noClasses().that().resideOutsideOfPackage("org.fleetagent.cli..")
                .should().dependOnClassesThat().resideInAPackage("org.fleetagent.cli..")
                .check(classes);
    }

    @Test
    void noStaticFieldCanBeReassigned() {
        fields().that().areDeclaredInClassesThat().resideInAPackage("org.fleetagent..").and().areStatic()
                .should().beFinal()
                .because("state belongs to the instance that needs it (a command run, a store, a daemon), not to the JVM")
                .check(classes);
    }

    @Test
    void nothingChangesJvmWideSettings() {
        noClasses().that().resideInAPackage("org.fleetagent..")
                .should().callMethodWhere(JVM_WIDE_SETTER)
                .because("settings belong to the client, store or command that needs them (a SOCKS proxy's credentials to"
                        + " its transport's sockets), never to every thread of the JVM")
                .check(classes);
    }
}
