package dev.switchboard.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Jackson recycles its parse and write buffers through the factory's pool, which by default is per
 * thread. Requests, turns and model calls run on short-lived virtual threads, so with the default
 * every call allocated its buffers anew (Jackson's {@code writeValueAsBytes} alone was 1.9% of the
 * embedded bench's CPU samples). Every mapper and factory in production code is built on a factory
 * given a shared pool ({@code JsonRecyclerPools.newConcurrentDequePool()}); the no-argument
 * constructors and builders, which take the default, are not used.
 */
class JsonBufferPoolTest {
    private static JavaClasses production;

    @BeforeAll
    static void importClasses() {
        production = ProductionClasses.get();
    }

    @Test
    void no_json_mapper_or_factory_takes_the_per_thread_buffer_pool() {
        noClasses().should().callConstructor("com.fasterxml.jackson.databind.ObjectMapper")
                .orShould().callConstructor("com.fasterxml.jackson.core.JsonFactory")
                .orShould().callMethod("com.fasterxml.jackson.databind.json.JsonMapper", "builder")
                .because("a mapper built without a factory uses Jackson's per-thread buffer pool, which virtual threads defeat")
                .check(production);
    }
}
