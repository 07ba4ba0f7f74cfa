package dev.switchboard.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 10's shape of core: no vendor named in its code, small files and ports, the engine free of
 * the in-memory adapters, and runners that reach channels only through channel modules.
 */
class CoreShapeTest {
    private static final Pattern VENDOR = Pattern.compile("whatsapp|instagram|evolution|telegram|openai|hub\\.", Pattern.CASE_INSENSITIVE);
    private static final int MAX_LINES = 350;
    private static final int MAX_PORT_METHODS = 10;

    private static JavaClasses production;

    @BeforeAll
    static void importClasses() {
        production = ProductionClasses.get();
    }

    @Test
    void no_identifier_or_string_literal_in_core_names_a_vendor() {
        Path root = CoreSources.root();
        List<String> found = new ArrayList<>();
        for (Path file : CoreSources.files()) {
            String rel = root.relativize(file).toString().replace('\\', '/');
            String[] lines = CoreSources.withoutComments(CoreSources.read(file)).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                Matcher m = VENDOR.matcher(lines[i]);
                if (m.find()) found.add(rel + ":" + (i + 1) + " names " + m.group().toLowerCase(Locale.ROOT) + ": " + lines[i].trim());
            }
        }
        assertThat(found).as("vendor names in core's code (comments may name them)").isEmpty();
    }

    @Test
    void the_comment_stripper_keeps_literals_and_drops_comments() {
        String src = "String a = \"https://x//y\"; // whatsapp\n/* openai */ char c = '\"'; String b = \"hub.mode\";";
        String stripped = CoreSources.withoutComments(src);
        assertThat(stripped).contains("\"https://x//y\"", "\"hub.mode\"").doesNotContain("whatsapp", "openai");
    }

    @Test
    void no_main_source_file_in_core_is_over_350_lines() {
        List<String> tooLong = new ArrayList<>();
        for (Path file : CoreSources.files()) {
            long lines = CoreSources.read(file).lines().count();
            if (lines > MAX_LINES) tooLong.add(CoreSources.root().relativize(file) + " has " + lines + " lines");
        }
        assertThat(tooLong).isEmpty();
    }

    @Test
    void no_port_interface_in_core_has_over_10_methods() {
        List<String> tooBig = new ArrayList<>();
        for (JavaClass c : production) {
            if (!c.isInterface() || !c.getPackageName().startsWith("dev.switchboard.core")) continue;
            long methods = c.getMethods().stream()
                    .filter(m -> !m.getModifiers().contains(JavaModifier.STATIC) && !m.getModifiers().contains(JavaModifier.SYNTHETIC))
                    .count();
            if (methods > MAX_PORT_METHODS) tooBig.add(c.getName() + " has " + methods + " methods");
        }
        assertThat(tooBig).isEmpty();
    }

    @Test
    void the_engine_does_not_depend_on_the_in_memory_adapters() {
        noClasses().that().resideInAPackage("dev.switchboard.core.engine..")
                .should().dependOnClassesThat().resideInAPackage("dev.switchboard.core.memory..")
                .check(production);
    }

    @Test
    void only_default_ports_names_the_in_memory_adapters_elsewhere_in_core() {
        noClasses().that().resideInAPackage("dev.switchboard.core..")
                .and().resideOutsideOfPackage("dev.switchboard.core.memory..")
                .and().doNotHaveFullyQualifiedName("dev.switchboard.core.DefaultPorts")
                .should().dependOnClassesThat().resideInAPackage("dev.switchboard.core.memory..")
                .because("the engine reaches its in-memory defaults through the PortDefaults interface only")
                .check(production);
    }

    @Test
    void runners_reach_channels_only_through_channel_modules() {
        DescribedPredicate<JavaClass> channelImplementation = new DescribedPredicate<>("a channel implementation or an adapter's internals") {
            @Override
            public boolean test(JavaClass c) {
                return c.getPackageName().startsWith("dev.switchboard.adapters")
                        && (c.isAssignableTo("dev.switchboard.core.channel.Channel") || c.getPackageName().contains(".internal"));
            }
        };
        // the one named exception: the web chat's visitor endpoints (ARCHITECTURE.md puts them in runner-http)
        // are the HTTP face of the web chat channel itself, so they use its tokens, limits and live streams
        noClasses().that().resideInAnyPackage("dev.switchboard.runner..", "dev.switchboard.examples..")
                .and().resideOutsideOfPackage("dev.switchboard.runner.http.webchat..")
                .should().dependOnClassesThat(channelImplementation)
                .because("a runner lists channel modules (descriptor + channel) and never constructs or calls a channel class itself")
                .check(production);
    }
}
