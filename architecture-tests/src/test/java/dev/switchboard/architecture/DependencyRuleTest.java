package dev.switchboard.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ARCHITECTURE.md's one dependency rule: arrows point inward. Core depends on the JDK only; no
 * adapter depends on another adapter, except that the two Meta adapters share adapters-meta-common; nothing but runners (and examples) depends on runners; the
 * two runners share their wiring through runner-common, never through each other.
 */
class DependencyRuleTest {
    private static JavaClasses production;

    @BeforeAll
    static void importClasses() {
        production = ProductionClasses.get();
    }

    @Test
    void core_depends_on_nothing_but_the_jdk() {
        classes().that().resideInAPackage("dev.switchboard.core..")
                // the JDK only: java.* and javax.crypto (java.base's MAC for webhook signatures); no javax.* from libraries
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.switchboard.core..", "java..", "javax.crypto..")
                .check(production);
    }

    @Test
    void adapters_do_not_depend_on_each_other() {
        // The one exception: the Meta adapters (WhatsApp Cloud, Instagram) share adapters-meta-common,
        // which depends on no adapter itself (checked below).
        slices().matching("dev.switchboard.adapters.(*)..").should().notDependOnEachOther()
                .ignoreDependency(resideInAnyPackage("dev.switchboard.adapters.whatsapp..", "dev.switchboard.adapters.instagram.."),
                        resideInAPackage("dev.switchboard.adapters.meta.."))
                .check(production);
    }

    @Test
    void meta_common_depends_on_no_adapter() {
        noClasses().that().resideInAPackage("dev.switchboard.adapters.meta..")
                .should().dependOnClassesThat(resideInAPackage("dev.switchboard.adapters..")
                        .and(DescribedPredicate.not(resideInAPackage("dev.switchboard.adapters.meta.."))))
                .check(production);
    }

    @Test
    void adapters_and_core_do_not_depend_on_runners() {
        noClasses().that().resideInAnyPackage("dev.switchboard.core..", "dev.switchboard.adapters..")
                .should().dependOnClassesThat().resideInAPackage("dev.switchboard.runner..")
                .check(production);
    }

    @Test
    void the_runners_share_wiring_through_runner_common_only() {
        // http and worker never use each other; both may use common, which uses neither
        slices().matching("dev.switchboard.runner.(*)..").should().notDependOnEachOther()
                .ignoreDependency(alwaysTrue(), resideInAPackage("dev.switchboard.runner.common.."))
                .check(production);
    }

    @Test
    void the_rule_sees_every_module() {
        org.assertj.core.api.Assertions.assertThat(production.stream().map(c -> c.getPackageName()).distinct())
                .anyMatch(p -> p.startsWith("dev.switchboard.core"))
                .anyMatch(p -> p.startsWith("dev.switchboard.adapters.meta"))
                .anyMatch(p -> p.startsWith("dev.switchboard.adapters.whatsapp"))
                .anyMatch(p -> p.startsWith("dev.switchboard.adapters.openai"))
                .anyMatch(p -> p.startsWith("dev.switchboard.adapters.instagram"))
                .anyMatch(p -> p.startsWith("dev.switchboard.adapters.telegram"))
                .anyMatch(p -> p.startsWith("dev.switchboard.adapters.webchat"))
                .anyMatch(p -> p.startsWith("dev.switchboard.adapters.postgres"))
                .anyMatch(p -> p.startsWith("dev.switchboard.adapters.sqlite"))
                .anyMatch(p -> p.startsWith("dev.switchboard.adapters.redis"))
                .anyMatch(p -> p.startsWith("dev.switchboard.runner.common"))
                .anyMatch(p -> p.startsWith("dev.switchboard.runner.http"))
                .anyMatch(p -> p.startsWith("dev.switchboard.runner.worker"));
    }
}
