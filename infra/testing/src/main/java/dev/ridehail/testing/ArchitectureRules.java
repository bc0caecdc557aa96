package dev.ridehail.testing;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

import java.util.Arrays;
import java.util.List;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The project's architecture as rules every service's test suite checks against its own production classes, so a
 * dependency that breaks them fails the build of the module that adds it.
 *
 * <p>The rules: services never depend on each other (they share only the event contract and the topic); the feature
 * packages of a service have no cycles; data flows listener → service → writer and controller → service/queries,
 * never the reverse.
 */
public final class ArchitectureRules {

    /** The root package of each service. */
    public static final List<String> SERVICE_PACKAGES = List.of("dev.ridehail.ingest", "dev.ridehail.trip",
            "dev.ridehail.rider");

    private ArchitectureRules() {
    }

    /** Checks every rule against the production classes of the service under {@code servicePackage}. */
    public static void checkService(String servicePackage) {
        if (!SERVICE_PACKAGES.contains(servicePackage)) {
            throw new IllegalArgumentException(servicePackage + " is not one of " + SERVICE_PACKAGES);
        }
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(servicePackage);
        if (classes.isEmpty()) {
            throw new IllegalStateException("No production classes found under " + servicePackage);
        }
        List<String> otherServices = SERVICE_PACKAGES.stream().filter(other -> !other.equals(servicePackage)).toList();
        for (ArchRule rule : serviceRules(servicePackage, otherServices)) {
            rule.check(classes);
        }
    }

    static List<ArchRule> serviceRules(String servicePackage, List<String> otherServicePackages) {
        String[] otherServices = otherServicePackages.stream().map(other -> other + "..").toArray(String[]::new);
        return List.of(
                noClasses().should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(otherServices)
                    .because("services share only the event contract and the Kafka topic, never each other's code"),
                slices().matching(servicePackage + ".(*)..")
                    .should()
                    .beFreeOfCycles()
                    .because("a feature package that a reader can understand alone has no cycle through another"),
                noClasses().that()
                    .haveSimpleNameEndingWith("Service")
                    .or()
                    .haveSimpleNameEndingWith("Writer")
                    .or()
                    .haveSimpleNameEndingWith("Repository")
                    .should()
                    .dependOnClassesThat()
                    .haveSimpleNameEndingWith("Listener")
                    .allowEmptyShould(true)
                    .because("listeners call services that call writers, never the reverse"),
                noClasses().that()
                    .haveSimpleNameEndingWith("Writer")
                    .or()
                    .haveSimpleNameEndingWith("Repository")
                    .should()
                    .dependOnClassesThat()
                    .haveSimpleNameEndingWith("Service")
                    .allowEmptyShould(true)
                    .because("writers and repositories are called by services, never the reverse"),
                noClasses().that()
                    .haveSimpleNameEndingWith("Service")
                    .or()
                    .haveSimpleNameEndingWith("Writer")
                    .or()
                    .haveSimpleNameEndingWith("Listener")
                    .should()
                    .dependOnClassesThat()
                    .haveSimpleNameEndingWith("Controller")
                    .allowEmptyShould(true)
                    .because("the HTTP layer calls the domain, never the reverse"));
    }

    /**
     * The event contract depends on nothing of ours and on no framework: it is the one module every producer and
     * consumer shares, so it must be usable by any of them (and by a client outside this build) as it is. Checked from
     * the services' suites (the contract module cannot depend on this one, which depends on it).
     */
    public static void checkContract() {
        JavaClasses contract = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.ridehail.contract");
        if (contract.isEmpty()) {
            throw new IllegalStateException("The event contract's classes are not on the classpath");
        }
        contractDependsOnNothingOfOurs().check(contract);
    }

    static ArchRule contractDependsOnNothingOfOurs() {
        return noClasses().that()
            .resideInAPackage("dev.ridehail.contract..")
            .should()
            .dependOnClassesThat(resideInAPackage("dev.ridehail..").and(resideOutsideOfPackage("dev.ridehail.contract..")))
            .orShould()
            .dependOnClassesThat()
            .resideInAnyPackage(frameworks())
            .because("the contract is shared by every service and must not pull in our code or a framework");
    }

    private static String[] frameworks() {
        return Arrays.asList("org.springframework..", "org.apache.kafka..", "jakarta..", "io.micrometer..")
            .toArray(String[]::new);
    }
}
