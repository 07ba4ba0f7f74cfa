package dev.switchboard.runner.http;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.switchboard.runner.http.browser.ConsoleBrowser.button;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.switchboard.runner.http.browser.ConsoleBrowser;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The operator console at /console in real Chromium against the real server on PostgreSQL, with
 * WireMock for Meta, OpenAI and an Evolution server. It uses today's routes only: the key is taken
 * as the admin key (no GET /me yet), the tenant is typed in, and the inbox refreshes by polling (no
 * events stream yet). One browser and one server for the class; each test has its own tenant.
 */
class ConsoleBrowserTest {
    static ServerFixture f;
    static ConsoleBrowser b;

    @BeforeAll
    static void start() throws Exception {
        f = new ServerFixture(Map.of("DATABASE_URL", databaseUrl(), "OPENAI_TIMEOUT", "30000"), s -> {});
        OpenAiStubs.replyWith(f.wiremock, "Sim, entregamos em todo o Brasil.");
        OpenAiStubs.metaAccepts(f.wiremock);
        b = new ConsoleBrowser(f.url(""));
        b.size(ConsoleBrowser.LAPTOP);
    }

    /** A database of this class's own, beside TEST_DATABASE_URL's, so other suites' schemas never meet it. */
    static String databaseUrl() throws Exception {
        String base = System.getenv().getOrDefault("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/switchboard_test");
        String name = base.replaceFirst("^.*/([^/?]+)(\\?.*)?$", "$1") + "_console";
        String admin = "jdbc:" + base.replaceFirst("^postgres(ql)?://postgres@", "postgresql://").replaceFirst("/[^/?]+(\\?.*)?$", "/postgres");
        try (var c = java.sql.DriverManager.getConnection(admin, "postgres", "")) {
            var rs = c.createStatement().executeQuery("select 1 from pg_database where datname = '" + name + "'");
            if (!rs.next()) c.createStatement().execute("create database " + name);
        }
        return base.replaceFirst("/[^/?]+(\\?.*)?$", "/" + name);
    }

    @AfterAll
    static void stop() {
        if (b != null) b.close();
        if (f != null) f.close();
    }

    private static String wamid() {
        return "wamid.HBgL" + UUID.randomUUID().toString().replace("-", "");
    }

    private static List<JsonNode> metaSends(String pn) {
        return f.wiremock.findAll(postRequestedFor(urlPathEqualTo("/v23.0/" + pn + "/messages"))).stream()
                .map(r -> Json.read(r.getBodyAsString())).toList();
    }

    private static int modelCalls() {
        return f.wiremock.findAll(postRequestedFor(urlPathEqualTo("/v1/responses"))).size();
    }

    /** switchboard_turns_total{outcome="paused"}: turns that found a human in charge and stayed silent. */
    private static double pausedTurns() {
        Matcher m = Pattern.compile("(?m)^switchboard_turns_total\\{[^}]*outcome=\"paused\"[^}]*} (\\S+)$")
                .matcher(f.send("GET", "/metrics", null, Map.of()).body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static void deliver(String webhook) {
        var r = f.postWebhook(webhook);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(Json.read(r.body()).get("stored").asInt()).as(r.body()).isEqualTo(1);
    }

    private static void signIn(String key, String tenant) {
        b.openFresh();
        b.type("API key", key);
        b.click(button("Sign in"));
        b.visible(By.id("tenant-id"));
        b.type("Tenant (user id)", tenant);
        b.click(button("Open tenant"));
    }

    private static WebElement conversationRow() {
        return b.visible(By.cssSelector(".conv-list .conv"));
    }

    private static By sender(String who) {
        return By.cssSelector(".transcript article[data-sender='" + who + "']");
    }

    @Test
    void operator_signs_in_takes_over_replies_and_hands_back_to_the_bot() {
        var t = f.tenant(20, "\"debounce_ms\":0");
        // GET /me refuses an unknown key at sign-in, so no tenant picker is shown for it
        b.openFresh();
        b.type("API key", "not-the-admin-key");
        b.click(button("Sign in"));
        b.until("the refused key explained in words", d -> b.bodyText().contains("missing or wrong API key in header x-api-key"));

        signIn(ServerFixture.ADMIN_KEY, t.userId());
        b.visible(By.id("inbox-title"));
        deliver(MetaPayloads.message(t.phoneNumberId(), "5511988887777", wamid(), "Vocês entregam em Curitiba?"));
        WebElement row = b.until("the conversation in the inbox", d -> {
            var rows = b.all(By.cssSelector(".conv-list .conv"));
            return rows.isEmpty() ? null : rows.getFirst();
        });
        assertThat(row.findElement(By.cssSelector(".badge")).getText()).isEqualTo("WhatsApp");
        assertThat(row.findElement(By.cssSelector(".badge")).getAttribute("data-channel")).isEqualTo("whatsapp");
        b.until("the bot's answer as the preview", d -> conversationRow().getText().contains("Bot: Sim, entregamos"));
        b.size(ConsoleBrowser.LAPTOP);
        b.screenshot("inbox-1366x768");

        conversationRow().click();
        b.visible(sender("customer"));
        b.until("the bot's reply in the transcript", d -> b.all(sender("bot")).size() == 1);
        assertThat(b.visible(By.cssSelector("[role=log]")).getText()).contains("Vocês entregam em Curitiba?").contains("Sim, entregamos em todo o Brasil.");

        b.click(button("Take over"));
        b.visible(button("Hand back to bot"));
        b.type("Reply", "Oi, aqui é a Carla. Entregamos sim, em 2 dias.");
        b.click(button("Send"));
        f.await("Meta receives the operator's text", () -> metaSends(t.phoneNumberId()).stream()
                .anyMatch(s -> s.at("/text/body").asText().equals("Oi, aqui é a Carla. Entregamos sim, em 2 dias.")));
        b.until("the operator's message in the transcript", d -> b.all(sender("operator")).size() == 1);

        int calls = modelCalls();
        int sends = metaSends(t.phoneNumberId()).size();
        double paused = pausedTurns();
        deliver(MetaPayloads.message(t.phoneNumberId(), "5511988887777", wamid(), "Perfeito, obrigada Carla"));
        b.until("the customer's new message on screen", d -> b.all(sender("customer")).size() == 2);
        f.await("the turn for it runs and finds a human in charge", () -> pausedTurns() > paused);
        assertThat(modelCalls()).as("the bot stays silent").isEqualTo(calls);
        assertThat(metaSends(t.phoneNumberId())).hasSize(sends);
        b.settle();
        b.screenshot("conversation-1366x768");
        b.size(ConsoleBrowser.PHONE);
        b.visible(button("Hand back to bot"));
        b.screenshot("conversation-390x844");
        b.click(By.cssSelector("a.back"));
        conversationRow();
        b.screenshot("inbox-390x844");
        b.size(ConsoleBrowser.LAPTOP);
        conversationRow().click();

        b.click(button("Hand back to bot"));
        b.visible(button("Take over"));
        deliver(MetaPayloads.message(t.phoneNumberId(), "5511988887777", wamid(), "Mais uma pergunta: tem frete grátis?"));
        f.await("the bot answers again", () -> metaSends(t.phoneNumberId()).size() == sends + 1);
        assertThat(modelCalls()).isEqualTo(calls + 1);
        b.until("the bot's second answer in the transcript", d -> b.all(sender("bot")).size() == 2);
    }

    @Test
    void an_agent_is_created_and_linked_to_a_number_and_an_evolution_number_is_linked_by_qr_code() {
        var t = f.tenant(5, "");
        String second = "2065" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L);
        f.adminOk("POST", "/users/" + t.userId() + "/phone_numbers", "{\"type\":\"whatsapp\",\"phone_number_id\":\"" + second
                + "\",\"external_number\":\"+15550001111\",\"access_token\":\"EAAG-second\",\"display_name\":\"Loja Sul\"}");
        signIn(ServerFixture.ADMIN_KEY, t.userId());
        b.visible(By.id("inbox-title"));

        b.click(By.linkText("Agents"));
        b.click(button("New agent"));
        b.type("Name", "Atendimento Sul");
        WebElement channel = b.labelled("Channel");
        new org.openqa.selenium.support.ui.Select(channel).selectByValue(second);
        b.type("Prompt id", "pmpt_sul_01");
        b.type("Prompt version", "3");
        b.type("Greeting (first reply in a new conversation)", "Olá! Aqui é a Loja Sul.");
        b.click(button("Create agent"));
        b.until("the new agent's card", d -> b.bodyText().contains("On Loja Sul"));
        JsonNode agents = f.adminOk("GET", "/users/" + t.userId() + "/agents", null).get("agents");
        JsonNode created = null;
        for (JsonNode a : agents) if (a.get("name").asText().equals("Atendimento Sul")) created = a;
        assertThat(created).isNotNull();
        assertThat(created.get("phone_number_id").asText()).isEqualTo(second);
        assertThat(created.get("prompt_id").asText()).isEqualTo("pmpt_sul_01");
        assertThat(created.get("greeting").asText()).isEqualTo("Olá! Aqui é a Loja Sul.");

        // an Evolution number added in the console, linked by scanning the QR code its server answers
        String instance = "loja-" + UUID.randomUUID().toString().substring(0, 8);
        f.wiremock.stubFor(get(urlPathEqualTo("/evo/instance/connect/" + instance)).willReturn(okJson(
                "{\"pairingCode\":\"WZYEH1YY\",\"code\":\"2@y8eK\",\"base64\":\"data:image/png;base64," + QR_PNG + "\",\"count\":1}")));
        String state = "/evo/instance/connectionState/" + instance;
        f.wiremock.stubFor(get(urlPathEqualTo(state)).inScenario(instance).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"instance\":{\"instanceName\":\"" + instance + "\",\"state\":\"close\"}}")));
        f.wiremock.stubFor(get(urlPathEqualTo(state)).inScenario(instance).whenScenarioStateIs("scanned")
                .willReturn(okJson("{\"instance\":{\"instanceName\":\"" + instance + "\",\"state\":\"open\"}}")));
        b.click(By.linkText("Channels"));
        new org.openqa.selenium.support.ui.Select(b.labelled("Type")).selectByVisibleText("WhatsApp via Evolution API");
        b.type("Instance name", instance);
        b.type("Phone number (E.164)", "+5511977776666");
        b.type("Instance token", "instance-token-123");
        b.type("Evolution server URL (blank: the server default)", f.wiremock.baseUrl() + "/evo");
        b.type("Display name", "Loja Evolution");
        b.click(button("Add channel"));
        By card = By.cssSelector("[data-account='" + instance + "']");
        b.until("the Evolution card, disconnected", d -> b.visible(card).getText().contains("Disconnected"));
        b.visible(card).findElement(button("Connect")).click();
        WebElement qr = b.visible(By.cssSelector("[data-account='" + instance + "'] .qr img"));
        assertThat(qr.getAttribute("src")).startsWith("data:image/png;base64,");
        assertThat(qr.getAttribute("alt")).isEqualTo("QR code to link WhatsApp");
        b.until("the QR image decoded", d -> ((Number) ((org.openqa.selenium.JavascriptExecutor) d)
                .executeScript("return arguments[0].naturalWidth", qr)).intValue() > 0);
        b.settle();
        b.screenshot("channels-1366x768");
        f.wiremock.setScenarioState(instance, "scanned");
        b.until("the card turns connected", d -> b.visible(card).getText().contains("Connected"));
        assertThat(b.visible(card).findElements(button("Disconnect"))).hasSize(1);
        b.size(ConsoleBrowser.PHONE);
        b.settle();
        b.screenshot("channels-390x844");
        b.size(ConsoleBrowser.LAPTOP);
    }

    @Test
    void a_whole_flow_with_the_keyboard_only_opens_a_conversation_takes_over_and_replies() {
        var t = f.tenant(20, "\"debounce_ms\":0");
        deliver(MetaPayloads.message(t.phoneNumberId(), "5511955554444", wamid(), "Preciso de ajuda com meu pedido"));
        f.await("the bot's answer", () -> metaSends(t.phoneNumberId()).size() == 1);

        b.openFresh();
        b.press(ServerFixture.ADMIN_KEY, Keys.ENTER); // the key field has focus when the page opens
        b.visible(By.id("tenant-id"));
        b.until("the tenant field focused", d -> "tenant-id".equals(b.active().getAttribute("id")));
        b.press(t.userId(), Keys.ENTER);
        b.visible(By.cssSelector(".conv-list .conv"));

        b.tabTo("the conversation", e -> e.getAttribute("class") != null && e.getAttribute("class").contains("conv"), 30);
        b.press(Keys.ENTER);
        b.visible(button("Take over"));
        b.tabTo("Take over", e -> "Take over".equals(e.getText()), 40);
        b.press(Keys.ENTER);
        b.visible(button("Hand back to bot"));
        b.tabTo("the Reply field", e -> "reply".equals(e.getAttribute("id")), 40);
        b.press("Vou verificar o seu pedido agora.", Keys.ENTER);
        f.await("Meta receives the keyboard-typed reply", () -> metaSends(t.phoneNumberId()).stream()
                .anyMatch(s -> s.at("/text/body").asText().equals("Vou verificar o seu pedido agora.")));
        assertThat(f.adminOk("GET", "/users/" + t.userId() + "/conversations", null).at("/conversations/0/status").asText()).isEqualTo("paused");
    }

    @Test
    void the_console_is_served_from_the_jar_with_content_types_and_the_servers_key_header() {
        var page = f.send("GET", "/console", null, Map.of());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("<meta name=\"switchboard-api-key-header\" content=\"x-api-key\">");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("script-src 'self'");
        var js = f.send("GET", "/console/api.js", null, Map.of());
        assertThat(js.headers().firstValue("Content-Type").orElse("")).startsWith("text/javascript");
        String etag = js.headers().firstValue("ETag").orElseThrow();
        assertThat(f.send("GET", "/console/api.js", null, Map.of("If-None-Match", etag)).statusCode()).isEqualTo(304);
        assertThat(f.send("GET", "/console/console.css", null, Map.of()).headers().firstValue("Content-Type").orElse("")).startsWith("text/css");
        assertThat(f.send("GET", "/console/..%2Fsimplelogger.properties", null, Map.of()).statusCode()).isEqualTo(404);
        assertThat(f.send("GET", "/console/nothing.js", null, Map.of()).statusCode()).isEqualTo(404);
    }

    /** A 21×21 black-and-white PNG, as an Evolution server answers a QR code. */
    private static final String QR_PNG = "iVBORw0KGgoAAAANSUhEUgAAABUAAAAVCAAAAACMfPpKAAAAaklEQVR4nF1RCRIAIQji/59mJxeQcsbySpSAX1jnWEfONTF5kDJW" + "610jdSyRqSrlYg7cJZ7ArZkW9MSGUJou5g+qF9ALqp2XZScft9v5eqdlQFgs7drLAwq+GELYqZGwDO1fBHqX7x+bog+ErsE/rraa" + "9AAAAABJRU5ErkJggg==";
}
