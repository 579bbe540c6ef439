package io.mcpdcr.bootstrap;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The dependency rule of the hexagon, checked on the production classes of every module. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar")) // other modules' test fixtures, in verify
            .importPackages("io.mcpdcr");

    @Test
    void importsEveryModule() {
        // Guards the rules below against passing vacuously on an empty import.
        assertThat(List.of("domain.registration", "domain.gateway", "application.registration", "application.port",
                        "application.gateway", "adapters.http", "adapters.http.gateway",
                        "adapters.jdbc", "adapters.ratelimit", "adapters.jose", "bootstrap"))
                .allSatisfy(pkg -> assertThat(CLASSES.containPackage("io.mcpdcr." + pkg)).as(pkg).isTrue());
    }

    @Test
    void domainDependsOnTheJdkOnly() {
        classes().that().resideInAPackage("io.mcpdcr.domain..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.mcpdcr.domain..", "java..")
                .check(CLASSES);
    }

    @Test
    void applicationDependsOnTheDomainAndTheJdkOnly() {
        classes().that().resideInAPackage("io.mcpdcr.application..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("io.mcpdcr.application..", "io.mcpdcr.domain..", "java..")
                .check(CLASSES);
    }

    @Test
    void adaptersDoNotDependOnEachOther() {
        slices().matching("io.mcpdcr.adapters.(*)..").should().notDependOnEachOther().check(CLASSES);
    }

    @Test
    void nothingDependsOnBootstrap() {
        noClasses().that().resideOutsideOfPackage("io.mcpdcr.bootstrap..")
                .should().dependOnClassesThat().resideInAPackage("io.mcpdcr.bootstrap..")
                .check(CLASSES);
    }

    /** The admin commands run use cases only: Wiring alone builds the JDBC adapters they run on. */
    @Test
    void adminCommandsDoNotReachTheDatabase() {
        noClasses().that().belongToAnyOf(AdminCommand.class, MonitoringCommands.class, AdminTools.class)
                .or().areAnnotatedWith(CommandLine.Command.class)
                .should().dependOnClassesThat().resideInAnyPackage("io.mcpdcr.adapters.jdbc..", "org.jdbi..", "java.sql..")
                .check(CLASSES);
    }

    @Test
    void coreDoesNotDependOnAdapters() {
        noClasses().that().resideInAnyPackage("io.mcpdcr.domain..", "io.mcpdcr.application..")
                .should().dependOnClassesThat().resideInAPackage("io.mcpdcr.adapters..")
                .check(CLASSES);
    }

    /** Keys are made and tokens signed in adapters-jose only; adapters-http may verify client assertions, not sign. */
    @Test
    void onlyTheJoseAdapterSigns() {
        noClasses().that().resideOutsideOfPackage("io.mcpdcr.adapters.jose..")
                .should().dependOnClassesThat().resideInAPackage("com.nimbusds.jose.jwk.gen..")
                .orShould().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("com.nimbusds.jose.crypto..")
                        .and(JavaClass.Predicates.simpleNameEndingWith("Signer")))
                .check(CLASSES);
    }

    @Test
    void packagesAreFreeOfCycles() {
        // A cycle between packages means neither can be understood, or moved, without the other.
        slices().matching("io.mcpdcr.(**)").should().beFreeOfCycles().check(CLASSES);
    }
}
