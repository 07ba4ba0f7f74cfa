package dev.switchboard.runner.http;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.testkit.net.TcpProxy;
import java.io.File;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The widget in a real browser: Debian's headless Chromium driven by Selenium through Debian's
 * chromedriver (both set explicitly; nothing is downloaded). The page embedding the widget is
 * served from a second origin (127.0.0.1:other port) listed in the widget's allowed_origins; the
 * widget talks to the server through a TCP proxy the test can cut. One browser for the class;
 * the "second profile" test starts a second one.
 */
class WebchatBrowserTest {
    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final Path SHOTS = Path.of("target", "webchat-screenshots");

    static ServerFixture server;
    static TcpProxy proxy;
    static HttpServer site;
    static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        System.setProperty("SE_AVOID_STATS", "true");
        // a loaded CI machine can take seconds to answer locally; the fallback reply must not stand in for the stub's
        server = new ServerFixture(Map.of("OPENAI_TIMEOUT", "30000"), s -> {});
        OpenAiStubs.replyWith(server.wiremock, "Yes, we ship to Lisbon in 2 days.");
        server.wiremock.stubFor(post(urlPathEqualTo("/v1/responses")).withRequestBody(containing("slow question"))
                .willReturn(okJson(OpenAiStubs.response("Here is the slow answer.")).withFixedDelay(2500)));
        proxy = new TcpProxy("localhost", server.server.port());
        site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        site.createContext("/", exchange -> {
            String widget = exchange.getRequestURI().getPath().substring(1);
            byte[] page = ("<!doctype html><html lang=en><head><meta charset=utf-8>"
                    + "<meta name=viewport content='width=device-width, initial-scale=1'><title>Loja Lisboa</title></head>"
                    + "<body style='font-family:sans-serif;background:#fafaf9;margin:0;padding:32px'><h1>Loja Lisboa</h1>"
                    + "<p>Handmade ceramics, shipped across Europe.</p>"
                    + "<script src='http://localhost:" + proxy.port() + "/webchat/widget.js' data-widget='" + widget + "' async></script>"
                    + "</body></html>").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        site.start();
        browser = chromium();
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) browser.quit();
        if (site != null) site.stop(0);
        if (proxy != null) proxy.close();
        if (server != null) server.close();
    }

    static WebDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    String siteOrigin() {
        return "http://127.0.0.1:" + site.getAddress().getPort();
    }

    /** A new tenant whose widget may be embedded on the test site only. @return {user, widget} */
    String[] newWidget() {
        String user = "usr_" + UUID.randomUUID().toString().substring(0, 8);
        return new String[] {user, WebchatVisitor.widget(server, user, siteOrigin())};
    }

    SearchContext openChat(WebDriver driver, String widget) {
        driver.get(siteOrigin() + "/" + widget);
        SearchContext root = until(driver, d -> d.findElement(By.id("switchboard-webchat")).getShadowRoot());
        root.findElement(By.cssSelector("button[aria-label='Open chat']")).click();
        until(driver, d -> root.findElement(By.cssSelector(".status")).getText().startsWith("Online") ? true : null);
        return root;
    }

    void say(WebDriver driver, SearchContext root, String text) {
        WebElement input = root.findElement(By.cssSelector("textarea"));
        input.sendKeys(text);
        input.sendKeys(Keys.ENTER);
    }

    static List<WebElement> messages(SearchContext root, String sender) {
        return root.findElements(By.cssSelector("[role=log] .msg" + (sender == null ? "" : "[data-sender=" + sender + "]")));
    }

    static WebElement waitForMessage(WebDriver driver, SearchContext root, String sender, String text) {
        return until(driver, d -> messages(root, sender).stream()
                .filter(m -> m.findElement(By.cssSelector(".text")).getText().equals(text)).findFirst().orElse(null));
    }

    static <T> T until(WebDriver driver, java.util.function.Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(20)).ignoring(org.openqa.selenium.NoSuchElementException.class)
                .until(condition::apply);
    }

    static void screenshot(WebDriver driver, String name) throws Exception {
        File shot = ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void a_message_typed_on_another_site_gets_the_agents_reply_in_the_log() throws Exception {
        browser.manage().window().setSize(new Dimension(1280, 900));
        String widget = newWidget()[1];
        SearchContext root = openChat(browser, widget);

        WebElement bubbleLog = root.findElement(By.cssSelector("[role=log]"));
        assertThat(root.findElement(By.cssSelector("textarea")).getAccessibleName()).isEqualTo("Message");
        assertThat(root.findElement(By.cssSelector("form button")).getAccessibleName()).isEqualTo("Send");
        say(browser, root, "Do you ship to Lisbon?");

        WebElement reply = waitForMessage(browser, root, "agent", "Yes, we ship to Lisbon in 2 days.");
        assertThat(reply.getText()).contains("AI");
        assertThat(bubbleLog.getAttribute("aria-live")).isEqualTo("polite");
        until(browser, d -> "sent".equals(messages(root, "visitor").getFirst().getAttribute("data-status")) ? true : null);
        screenshot(browser, "widget-open-desktop");

        browser.manage().window().setSize(new Dimension(390, 844));
        WebElement panel = root.findElement(By.cssSelector(".panel"));
        until(browser, d -> panel.getRect().getWidth() <= 390 ? true : null);
        assertThat(panel.getRect().getHeight()).isLessThanOrEqualTo(844);
        screenshot(browser, "widget-open-390x844");
        browser.manage().window().setSize(new Dimension(1280, 900));

        root.findElement(By.cssSelector("button[aria-label='Close chat']")).click();
        WebElement bubble = until(browser, d -> root.findElement(By.cssSelector(".bubble")).isDisplayed()
                ? root.findElement(By.cssSelector(".bubble")) : null);
        assertThat(bubble.getAccessibleName()).isEqualTo("Open chat");
        screenshot(browser, "widget-closed");
    }

    @Test
    void an_operator_message_sent_through_the_api_appears_live_without_reload() throws Exception {
        String[] tenant = newWidget();
        SearchContext root = openChat(browser, tenant[1]);
        say(browser, root, "Can I talk to a person?");
        waitForMessage(browser, root, "agent", "Yes, we ship to Lisbon in 2 days.");
        String conversation = server.adminOk("GET", "/users/" + tenant[0] + "/conversations", null)
                .get("conversations").get(0).get("conversation_id").asText();

        server.adminOk("POST", "/users/" + tenant[0] + "/conversations/" + conversation + "/messages",
                "{\"text\":\"Hi, this is Ana from the shop. How can I help?\"}");

        WebElement human = waitForMessage(browser, root, "human", "Hi, this is Ana from the shop. How can I help?");
        assertThat(human.getText()).contains("Support team");
        screenshot(browser, "widget-operator-reply");
    }

    @Test
    void the_live_connection_dropped_in_the_middle_of_a_reply_shows_the_reply_exactly_once() throws Exception {
        String widget = newWidget()[1];
        SearchContext root = openChat(browser, widget);
        say(browser, root, "A slow question, please");
        until(browser, d -> root.findElement(By.cssSelector(".typing")).isDisplayed() ? true : null);
        proxy.down();
        until(browser, d -> !server.wiremock.findAll(postRequestedFor(urlPathEqualTo("/v1/responses"))
                .withRequestBody(containing("slow question"))).isEmpty() ? true : null);
        until(browser, d -> root.findElement(By.cssSelector(".status")).getText().startsWith("Reconnecting") ? true : null);
        proxy.up();

        waitForMessage(browser, root, "agent", "Here is the slow answer.");
        until(browser, d -> root.findElement(By.cssSelector(".status")).getText().startsWith("Online") ? true : null);
        assertThat(messages(root, "agent")).extracting(m -> m.findElement(By.cssSelector(".text")).getText())
                .containsOnlyOnce("Here is the slow answer.");
        assertThat(messages(root, "visitor")).hasSize(1);
    }

    @Test
    void a_reload_shows_the_same_history_without_duplicates() {
        String widget = newWidget()[1];
        SearchContext root = openChat(browser, widget);
        say(browser, root, "First question");
        waitForMessage(browser, root, "agent", "Yes, we ship to Lisbon in 2 days.");
        List<String> before = transcript(root);

        SearchContext reloaded = openChat(browser, widget);
        until(browser, d -> transcript(reloaded).size() >= before.size() ? true : null);

        assertThat(transcript(reloaded)).isEqualTo(before);
    }

    @Test
    void a_second_browser_profile_is_a_different_visitor_and_sees_nothing_of_the_first() {
        String widget = newWidget()[1];
        SearchContext root = openChat(browser, widget);
        say(browser, root, "My order number is 4711");
        waitForMessage(browser, root, "agent", "Yes, we ship to Lisbon in 2 days.");

        WebDriver other = chromium();
        try {
            SearchContext theirs = openChat(other, widget);
            assertThat(theirs.findElements(By.cssSelector(".empty"))).hasSize(1);
            assertThat(transcript(theirs)).isEmpty();
            say(other, theirs, "Hello from another person");
            waitForMessage(other, theirs, "agent", "Yes, we ship to Lisbon in 2 days.");
            assertThat(transcript(theirs)).noneMatch(t -> t.contains("4711"));
        } finally {
            other.quit();
        }
        assertThat(transcript(root)).noneMatch(t -> t.contains("another person"));
    }

    static List<String> transcript(SearchContext root) {
        return messages(root, null).stream()
                .map(m -> m.getAttribute("data-sender") + ": " + m.findElement(By.cssSelector(".text")).getText()).toList();
    }
}
