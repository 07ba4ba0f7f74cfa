package dev.switchboard.runner.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
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
 * WireMock for Meta, OpenAI and an Evolution server. Sign-in is with a tenant key (made with the
 * admin key through POST /users/{u}/api_keys) or with the admin key and the tenant picker. One
 * browser and one server for the class; each test has its own tenant.
 */
class ConsoleBrowserTest {
    static ServerFixture f;
    static ConsoleBrowser b;
    static String database;

    @BeforeAll
    static void start() throws Exception {
        database = databaseUrl();
        f = new ServerFixture(Map.of("DATABASE_URL", database, "OPENAI_TIMEOUT", "30000"), s -> {});
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

    /** A tenant API key, made with the admin key as an operator's admin would (shown once). */
    private static String tenantKey(String userId) {
        return f.adminOk("POST", "/users/" + userId + "/api_keys", "{\"name\":\"Console test\"}").get("api_key").asText();
    }

    private static void signInWithKey(String key) {
        b.openFresh();
        b.type("API key", key);
        b.click(button("Sign in"));
        b.visible(By.id("inbox-title"));
    }

    private static String onlyConversation(String userId) {
        JsonNode list = f.adminOk("GET", "/users/" + userId + "/conversations", null).get("conversations");
        assertThat(list).hasSize(1);
        return list.get(0).get("conversation_id").asText();
    }

    private static Object js(String script, Object... args) {
        return ((org.openqa.selenium.JavascriptExecutor) b.driver()).executeScript(script, args);
    }

    /** Runs SQL on the class's database: here only to let time pass (a customer who wrote 25 hours ago). */
    private static void sql(String statement) throws Exception {
        String jdbc = "jdbc:" + database.replaceFirst("^postgres(ql)?://postgres@", "postgresql://");
        try (var c = java.sql.DriverManager.getConnection(jdbc, "postgres", "")) {
            assertThat(c.createStatement().executeUpdate(statement)).isEqualTo(1);
        }
    }

    private static final By ROW = By.cssSelector(".conv-list .conv");

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

        b.click(ROW);
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
        b.click(ROW);

        b.click(button("Hand back to bot"));
        b.visible(button("Take over"));
        deliver(MetaPayloads.message(t.phoneNumberId(), "5511988887777", wamid(), "Mais uma pergunta: tem frete grátis?"));
        f.await("the bot answers again", () -> metaSends(t.phoneNumberId()).size() == sends + 1);
        assertThat(modelCalls()).isEqualTo(calls + 1);
        b.until("the bot's second answer in the transcript", d -> b.all(sender("bot")).size() == 2);
    }

    @Test
    void an_agent_is_linked_to_a_number_a_web_chat_snippet_is_copied_and_an_evolution_number_is_linked_by_qr_code() {
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
        // Evolution keeps answering "connecting" while the code is up; the connection.update webhook says when the phone scanned it
        f.wiremock.stubFor(get(urlPathEqualTo("/evo/instance/connectionState/" + instance))
                .willReturn(okJson("{\"instance\":{\"instanceName\":\"" + instance + "\",\"state\":\"connecting\"}}")));
        b.click(By.linkText("Channels"));

        // a web chat widget, and its embed snippet copied for the site
        String widget = "site-" + UUID.randomUUID().toString().substring(0, 6);
        new org.openqa.selenium.support.ui.Select(b.labelled("Type")).selectByVisibleText("Web chat");
        b.type("Widget id (letters, digits, - _)", widget);
        b.type("Title shown to visitors", "Fale com a Loja");
        b.click(button("Add channel"));
        WebElement web = b.visible(By.cssSelector("[data-account='" + widget + "']"));
        String snippet = "<script src=\"" + f.url("") + "/webchat/widget.js\" data-widget=\"" + widget + "\" async></script>";
        assertThat(web.findElement(By.cssSelector(".snippet code")).getText()).isEqualTo(snippet);
        b.allowClipboard(f.url(""));
        web.findElement(By.cssSelector(".snippet button")).click();
        b.until("the copy confirmed on screen", d -> web.findElement(By.cssSelector(".copied")).getText().equals("Embed snippet copied to the clipboard."));
        assertThat(b.clipboard()).isEqualTo(snippet);

        new org.openqa.selenium.support.ui.Select(b.labelled("Type")).selectByVisibleText("WhatsApp via Evolution API");
        b.type("Instance name", instance);
        b.type("Phone number (E.164)", "+5511977776666");
        b.type("Instance token", "instance-token-123");
        b.type("Evolution server URL (blank: the server default)", f.wiremock.baseUrl() + "/evo");
        b.type("Display name", "Loja Evolution");
        b.click(button("Add channel"));
        By card = By.cssSelector("[data-account='" + instance + "']");
        b.until("the Evolution card, not linked yet", d -> b.visible(card).getText().contains("Not linked"));
        b.visible(card).findElement(button("Connect")).click();
        WebElement qr = b.visible(By.cssSelector("[data-account='" + instance + "'] .qr img"));
        assertThat(b.visible(card).getText()).contains("Waiting for the phone to scan").contains("WZYEH1YY");
        assertThat(qr.getAttribute("src")).startsWith("data:image/png;base64,");
        assertThat(qr.getAttribute("alt")).isEqualTo("QR code to link WhatsApp");
        b.until("the QR image decoded", d -> ((Number) ((org.openqa.selenium.JavascriptExecutor) d)
                .executeScript("return arguments[0].naturalWidth", qr)).intValue() > 0);
        b.settle();
        b.screenshot("channels-1366x768");
        var hook = f.send("POST", "/webhooks/evolution", "{\"event\":\"connection.update\",\"instance\":\"" + instance
                + "\",\"data\":{\"instance\":\"" + instance + "\",\"state\":\"open\",\"statusReason\":200},"
                + "\"date_time\":\"2026-11-28T05:00:00.000Z\",\"sender\":\"5511977776666@s.whatsapp.net\",\"apikey\":\"instance-token-123\"}", Map.of());
        assertThat(hook.statusCode()).as(hook.body()).isEqualTo(200);
        b.until("the card turns connected", d -> b.visible(card).findElement(By.cssSelector(".state")).getText().equals("Connected"));
        assertThat(b.all(By.cssSelector("[data-account='" + instance + "'] .qr img"))).as("the QR code goes").isEmpty();
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
    void a_tenant_key_opens_only_its_own_tenant_lives_in_the_tab_session_and_signs_out() {
        var mine = f.tenant(5, "\"debounce_ms\":0");
        var other = f.tenant(5, "\"debounce_ms\":0");
        deliver(MetaPayloads.message(mine.phoneNumberId(), "5511911112222", wamid(), "Qual o prazo de entrega?"));
        deliver(MetaPayloads.message(other.phoneNumberId(), "5511933334444", wamid(), "Mensagem secreta da outra loja"));
        String myConversation = onlyConversation(mine.userId());
        String theirConversation = onlyConversation(other.userId());
        String key = tenantKey(mine.userId());

        signInWithKey(key);
        assertThat(b.all(By.id("tenant-id"))).as("a tenant key needs no tenant picker").isEmpty();
        assertThat(b.visible(By.cssSelector(".sidebar")).getText()).contains(mine.userId()).doesNotContain("admin key");
        assertThat(b.all(button("Switch tenant"))).isEmpty();
        b.until("my conversation listed", d -> !b.all(By.cssSelector(".conv-list .conv[data-id='" + myConversation + "']")).isEmpty());
        assertThat(b.all(By.cssSelector(".conv-list .conv"))).hasSize(1);
        assertThat(b.bodyText()).doesNotContain("Mensagem secreta");

        // the key is kept for this tab only: sessionStorage, never localStorage or a cookie
        assertThat(js("return Object.values(sessionStorage).includes(arguments[0])", key)).isEqualTo(true);
        assertThat(js("return localStorage.length")).isEqualTo(0L);
        assertThat((String) js("return document.cookie")).doesNotContain(key);

        // another tenant's conversation by its address: refused in words, nothing of it shown
        b.driver().navigate().to(f.url("/console#/c/" + theirConversation));
        b.until("the refusal in words", d -> b.all(By.cssSelector(".detail [role=alert]")).stream().anyMatch(e -> !e.getText().isBlank()));
        assertThat(b.bodyText()).doesNotContain("Mensagem secreta").doesNotContain("5511933334444");
        b.click(By.linkText("Credits"));
        b.visible(By.cssSelector(".balance"));
        assertThat(b.all(button("Add credits"))).as("top-ups are for the admin key").isEmpty();

        b.click(button("Sign out"));
        b.visible(By.id("api-key"));
        assertThat(js("return sessionStorage.length")).isEqualTo(0L);
        b.driver().navigate().refresh();
        b.visible(By.id("api-key"));
        assertThat(b.all(By.cssSelector(".sidebar"))).as("signed out stays signed out").isEmpty();
    }

    @Test
    void a_failed_send_shows_retry_and_retrying_sends_it_again_and_updates_the_tick() {
        var t = f.tenant(5, "\"debounce_ms\":0");
        String graph = "/v23.0/" + t.phoneNumberId() + "/messages";
        String scenario = "fail-" + t.phoneNumberId();
        f.wiremock.stubFor(post(urlPathEqualTo(graph)).inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"(#100) Invalid parameter\",\"type\":\"OAuthException\",\"code\":100,\"fbtrace_id\":\"A1\"}}"))
                .willSetStateTo("fixed"));
        f.wiremock.stubFor(post(urlPathEqualTo(graph)).inScenario(scenario).whenScenarioStateIs("fixed")
                .willReturn(okJson("{\"messaging_product\":\"whatsapp\",\"messages\":[{\"id\":\"wamid.retried-1\"}]}")));
        deliver(MetaPayloads.message(t.phoneNumberId(), "5511977770000", wamid(), "Vocês entregam em Curitiba?"));
        signInWithKey(tenantKey(t.userId()));
        b.click(ROW);

        By failed = By.cssSelector(".transcript article[data-sender='bot'][data-status='failed']");
        WebElement bubble = b.visible(failed);
        assertThat(bubble.getText()).contains("Sim, entregamos em todo o Brasil.").contains("Not delivered");
        assertThat(metaSends(t.phoneNumberId())).hasSize(1);
        bubble.findElement(button("Retry")).click();
        f.await("Meta receives the reply again", () -> metaSends(t.phoneNumberId()).size() == 2);
        assertThat(metaSends(t.phoneNumberId()).get(1).at("/text/body").asText()).isEqualTo("Sim, entregamos em todo o Brasil.");
        // one selector, looked up afresh: the live events re-render the bubble as its statuses arrive
        b.visible(By.cssSelector(".transcript article[data-sender='bot'][data-status='sent'] .ticks[aria-label='Sent']"));
        assertThat(b.all(failed)).isEmpty();
        assertThat(b.all(button("Retry"))).isEmpty();
    }

    @Test
    void when_the_24_hour_window_has_closed_the_composer_says_so_and_sends_a_template() throws Exception {
        var t = f.tenant(5, "\"debounce_ms\":0");
        deliver(MetaPayloads.message(t.phoneNumberId(), "5511966665555", wamid(), "Oi, quero um orçamento"));
        f.await("the bot's answer", () -> metaSends(t.phoneNumberId()).size() == 1);
        String conversation = onlyConversation(t.userId());
        sql("update conversations set last_inbound_at = now() - interval '25 hours' where id = '" + conversation + "'");

        signInWithKey(tenantKey(t.userId()));
        b.click(ROW);
        WebElement notice = b.visible(By.cssSelector(".composer.template .notice"));
        assertThat(notice.getText()).contains("24-hour window is closed");
        assertThat(b.all(By.id("reply")).getFirst().isDisplayed()).as("no free-form reply").isFalse();
        b.type("Template name", "order_update");
        b.type("Language", "pt_BR");
        b.type("Parameters (comma-separated)", "Ana, #12");
        b.click(button("Send template"));
        f.await("Meta receives the template", () -> metaSends(t.phoneNumberId()).size() == 2);
        JsonNode template = metaSends(t.phoneNumberId()).get(1);
        assertThat(template.get("type").asText()).isEqualTo("template");
        assertThat(template.at("/template/name").asText()).isEqualTo("order_update");
        assertThat(template.at("/template/components/0/parameters/1/text").asText()).isEqualTo("#12");
        b.until("the template in the transcript", d -> b.all(sender("operator")).size() == 1);
    }

    private static String named(String payload, String name) {
        return payload.replace("Sheena Nelson", name);
    }

    private static List<String> rowNames() {
        return b.all(By.cssSelector(".conv-list .conv .conv-name")).stream().map(WebElement::getText).toList();
    }

    @Test
    void a_whatsapp_message_appears_in_the_inbox_live_with_its_badge_and_the_contacts_name_and_phone() {
        var t = f.tenant(5, "\"debounce_ms\":0");
        signInWithKey(tenantKey(t.userId()));
        b.until("the events stream connected", d -> "sse".equals(b.visible(By.cssSelector(".live")).getAttribute("data-mode")));
        b.visible(By.cssSelector(".list-pane .empty"));
        js("window.__sameDocument = true"); // gone if the page reloaded

        deliver(named(MetaPayloads.message(t.phoneNumberId(), "5511988881111", wamid(), "Oi! Vocês abrem sábado?"), "Maria Souza"));
        WebElement row = b.until("Maria's conversation, live", d -> b.all(By.cssSelector(".conv-list .conv")).stream().findFirst().orElse(null));
        b.until("her name", d -> conversationRow().findElement(By.cssSelector(".conv-name")).getText().equals("Maria Souza"));
        row = conversationRow();
        assertThat(row.findElement(By.cssSelector(".badge")).getText()).isEqualTo("WhatsApp");
        assertThat(row.getText()).contains("+5511988881111");
        b.until("the bot's answer as the preview, live", d -> conversationRow().getText().contains("Bot: Sim, entregamos"));

        deliver(named(MetaPayloads.message(t.phoneNumberId(), "5511977772222", wamid(), "Boa tarde, tem estacionamento?"), "João Lima"));
        b.until("João on top", d -> rowNames().equals(List.of("João Lima", "Maria Souza")));
        deliver(named(MetaPayloads.message(t.phoneNumberId(), "5511988881111", wamid(), "E domingo?"), "Maria Souza"));
        b.until("Maria back on top", d -> rowNames().equals(List.of("Maria Souza", "João Lima")));
        assertThat(js("return window.__sameDocument === true")).as("no reload").isEqualTo(true);
    }

    @Test
    void the_inbox_filters_by_channel_and_searches_by_name() {
        var t = f.tenant(10, "\"debounce_ms\":0");
        String ig = "1784140" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 100_000_000L);
        f.adminOk("POST", "/users/" + t.userId() + "/phone_numbers", "{\"type\":\"instagram\",\"phone_number_id\":\"" + ig
                + "\",\"access_token\":\"IGQ-token-" + ig + "\",\"display_name\":\"@loja\"}");
        f.adminOk("POST", "/users/" + t.userId() + "/agents", "{\"name\":\"IG\",\"phone_number_id\":\"" + ig + "\",\"prompt_id\":\"pmpt_ig\",\"debounce_ms\":0}");
        f.wiremock.stubFor(post(urlPathEqualTo("/ig/v23.0/" + ig + "/messages")).willReturn(okJson("{\"recipient_id\":\"1\",\"message_id\":\"mid.out-1\"}")));
        deliver(named(MetaPayloads.message(t.phoneNumberId(), "5511911110001", wamid(), "Quero saber do frete"), "Maria Souza"));
        deliver(named(MetaPayloads.message(t.phoneNumberId(), "5511911110002", wamid(), "Vocês têm loja física?"), "João Lima"));
        String dm = "{\"object\":\"instagram\",\"entry\":[{\"id\":\"" + ig + "\",\"time\":1569262486134,\"messaging\":[{"
                + "\"sender\":{\"id\":\"17841400000000001\"},\"recipient\":{\"id\":\"" + ig + "\"},\"timestamp\":1569262485349,"
                + "\"message\":{\"mid\":\"aWdf-" + UUID.randomUUID() + "\",\"text\":\"Is this still available?\"}}]}]}";
        assertThat(f.send("POST", "/webhooks/instagram", dm, Map.of("X-Hub-Signature-256", "sha256=" + ServerFixture.sign(dm))).statusCode()).isEqualTo(200);
        f.await("three conversations", () -> f.adminOk("GET", "/users/" + t.userId() + "/conversations", null).get("conversations").size() == 3);

        signInWithKey(tenantKey(t.userId()));
        b.until("three conversations listed", d -> b.all(By.cssSelector(".conv-list .conv")).size() == 3);
        var channel = new org.openqa.selenium.support.ui.Select(b.labelled("Channel"));
        channel.selectByVisibleText("Instagram");
        b.until("only the Instagram one", d -> b.all(By.cssSelector(".conv-list .conv")).size() == 1);
        assertThat(conversationRow().findElement(By.cssSelector(".badge")).getText()).isEqualTo("Instagram");
        channel.selectByVisibleText("WhatsApp");
        b.until("the two WhatsApp ones", d -> b.all(By.cssSelector(".conv-list .conv")).size() == 2);
        assertThat(b.all(By.cssSelector(".conv-list .conv .badge"))).allMatch(e -> e.getText().equals("WhatsApp"));
        channel.selectByVisibleText("All channels");
        b.until("all three again", d -> b.all(By.cssSelector(".conv-list .conv")).size() == 3);

        b.type("Search", "maria");
        b.until("only Maria", d -> rowNames().equals(List.of("Maria Souza")));
        assertThat(conversationRow().getText()).contains("+5511911110001");
        b.type("Search", "+5511911110002");
        b.until("João by his phone", d -> rowNames().equals(List.of("João Lima")));
        b.type("Search", "nobody-like-this");
        b.until("a clear empty state", d -> b.visible(By.cssSelector(".list-pane .empty")).getText().contains("No conversation matches"));
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
