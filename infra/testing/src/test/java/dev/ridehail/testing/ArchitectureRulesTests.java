package dev.ridehail.testing;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules catch what they are meant to catch: each is run against a small fixture that breaks it on purpose. */
class ArchitectureRulesTests {

    private static final String FIXTURE = "dev.ridehail.testing.fixture";

    @Test
    void shouldAcceptAServiceThatKeepsTheRules() {
        JavaClasses good = new ClassFileImporter().importPackages(FIXTURE + ".good");

        for (ArchRule rule : ArchitectureRules.serviceRules(FIXTURE + ".good", List.of(FIXTURE + ".other"))) {
            assertThatCode(() -> rule.check(good)).as(rule.getDescription()).doesNotThrowAnyException();
        }
    }

    @Test
    void shouldRefuseAPackageCycle() {
        assertViolated(FIXTURE + ".cyclic", List.of(), "cycle");
    }

    @Test
    void shouldRefuseAWriterThatCallsItsListener() {
        assertViolated(FIXTURE + ".backwards", List.of(), "StockListener");
    }

    @Test
    void shouldRefuseOneServiceUsingAnothersCode() {
        assertViolated(FIXTURE + ".other", List.of(FIXTURE + ".good"), "OrderService");
    }

    @Test
    void shouldRefuseAnUnknownServicePackage() {
        assertThatThrownBy(() -> ArchitectureRules.checkService("dev.ridehail.payments"))
            .isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertViolated(String servicePackage, List<String> otherServices, String expectedInMessage) {
        JavaClasses classes = new ClassFileImporter().importPackages(servicePackage);
        List<ArchRule> rules = ArchitectureRules.serviceRules(servicePackage, otherServices);
        StringBuilder violations = new StringBuilder();
        for (ArchRule rule : rules) {
            try {
                rule.check(classes);
            }
            catch (AssertionError violation) {
                violations.append(violation.getMessage());
            }
        }
        org.assertj.core.api.Assertions.assertThat(violations.toString()).containsIgnoringCase(expectedInMessage);
    }
}
