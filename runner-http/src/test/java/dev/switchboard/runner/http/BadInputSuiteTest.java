package dev.switchboard.runner.http;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Issue 16's bad-input suite: one case table of hostile requests against the real server on PostgreSQL,
 * across the webhook (WhatsApp Cloud, Evolution, Instagram, Telegram), admin/tenant API and web chat routes.
 * Every answer is 4xx or the documented 200, never 5xx, never a stack trace or Java type; a refused
 * request stores nothing; valid messages sent between the bad ones are all answered; /health stays green.
 */
class BadInputSuiteTest {
    enum Kind { MALFORMED, TRUNCATED, DEEPLY_NESTED, HUGE, CHUNKED, WRONG_TYPES, OVERFLOW, NUL_AND_SURROGATES,
        FORGED_SIGNATURE, REPLAYED_SIGNATURE, WRONG_CONTENT_TYPE, PATH_TRICK, OTHER_TENANT }

    /** How a case's bytes travel. */
    enum Transport { PLAIN, CHUNKED, RAW_TRUNCATED, RAW_CHUNKED_OVER_CAP }

    /**
     * @param allowed statuses this case may answer; -1 means the server may close without answering (only
     *                for a body that never completes)
     */
    record Case(Kind kind, String name, String method, String path, String contentType, byte[] body,
                Map<String, String> headers, Transport transport, Set<Integer> allowed) {
        @Override
        public String toString() {
            return kind + ": " + name;
        }
    }

    private static final Pattern LEAK = Pattern.compile("java\\.|Exception|\\tat |\\bat [a-z]+\\.[a-z]+\\.|org\\.eclipse|com\\.fasterxml");
    private static final Set<Integer> CLIENT_ERROR = range(400, 499);
    private static final String JSON = "application/json";

    static String db;
    static ServerFixture f;
    static ServerFixture.Tenant a;
    static ServerFixture.Tenant b;
    static String keyA;
    static String widgetA;
    static String widgetB;
    static String visitorTokenA;
    static String validBody;
    static final AtomicInteger validSent = new AtomicInteger();
    static final Map<Integer, Integer> statuses = new java.util.TreeMap<>();

    @BeforeAll
    static void start() {
        db = PgTestDatabase.fresh("sbtest_h24_badinput");
        f = new ServerFixture(Map.of("DATABASE_URL", db, "WEBCHAT_SECRET", "bad-input-suite-webchat-secret"), s -> {});
        OpenAiStubs.replyWith(f.wiremock, "Claro!");
        OpenAiStubs.metaAccepts(f.wiremock);
        a = f.tenant(1_000, "\"debounce_ms\":0");
        b = f.tenant(1_000, "\"debounce_ms\":0");
        keyA = f.adminOk("POST", "/users/" + a.userId() + "/api_keys", "{\"name\":\"suite\"}").get("api_key").asText();
        widgetA = WebchatVisitor.widget(f, "usr_wa" + suffix(), "https://shop-a.example");
        widgetB = WebchatVisitor.widget(f, "usr_wb" + suffix(), "https://shop-b.example");
        visitorTokenA = new WebchatVisitor(f, widgetA, "https://shop-a.example").session().token;
        validBody = sendValid();
        try {
            settle();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @AfterAll
    static void stop() {
        if (f != null) f.close();
    }

    private static String suffix() {
        return java.util.UUID.randomUUID().toString().substring(0, 6);
    }

    /** A real, signed customer message to tenant A from a new customer; waits until its reply reached Meta. */
    private static String sendValid() {
        int n = validSent.incrementAndGet();
        String body = MetaPayloads.message(a.phoneNumberId(), "55119" + String.format("%08d", n), "wamid.suite.valid." + n, "Oi " + n);
        var r = f.postWebhook(body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        ServerFixture.await("reply to valid message " + n, () -> replies() >= n);
        return body;
    }

    private static int replies() {
        return f.wiremock.findAll(postRequestedFor(urlPathEqualTo("/v23.0/" + a.phoneNumberId() + "/messages"))).size();
    }

    @TestFactory
    Stream<DynamicTest> every_bad_request_is_refused_cleanly_and_the_server_keeps_answering() {
        List<Case> cases = cases();
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            boolean validAfter = i % 10 == 9;
            tests.add(DynamicTest.dynamicTest(c.toString(), () -> {
                run(c);
                if (validAfter) {
                    sendValid();
                    settle(); // the turn charges after the reply went out
                }
            }));
        }
        tests.add(DynamicTest.dynamicTest("afterwards: health green, every valid message answered, per-kind count", () -> {
            Map<Kind, Long> table = new EnumMap<>(Kind.class);
            for (Case c : cases) table.merge(c.kind(), 1L, Long::sum);
            System.out.println("BadInputSuiteTest: " + cases.size() + " cases; per kind " + table + "; answers by status " + statuses);
            assertThat(cases).hasSizeGreaterThanOrEqualTo(150);
            for (Kind k : Kind.values()) assertThat(table.getOrDefault(k, 0L)).as(k.name()).isGreaterThanOrEqualTo(10L);
            sendValid();
            assertThat(replies()).isEqualTo(validSent.get());
            var health = f.send("GET", "/health", null, Map.of());
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            assertThat(PgTestDatabase.count(db, "select count(*) from webhook_logs where event_type = 'rejected'")).isZero();
        }));
        return tests.stream();
    }

    private static void run(Case c) throws Exception {
        String before = snapshot();
        Answer answer = send(c);
        statuses.merge(answer.status, 1, Integer::sum);
        assertThat(answer.status).as(c + " → " + answer.status + " " + shorten(answer.body)).isIn(c.allowed());
        assertThat(answer.status).as(c + " answered 5xx: " + shorten(answer.body)).isLessThan(500);
        assertThat(LEAK.matcher(answer.body).find()).as(c + " leaks internals: " + shorten(answer.body)).isFalse();
        if (answer.status == -1 || answer.status >= 400) {
            String after = snapshot();
            assertThat(after).as(c + " was refused (" + answer.status + " " + shorten(answer.body) + ") but stored something: " + before + " → " + after)
                    .isEqualTo(before);
        } else {
            settle();
        }
    }

    private static String shorten(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    /** Row counts of every table a request could write to (the webhook log is checked at the end). */
    private static String snapshot() {
        StringBuilder sql = new StringBuilder("select concat_ws(',' ");
        for (String t : List.of("tenants", "channel_accounts", "agents", "contacts", "conversations", "messages", "credit_ledger",
                "extractions", "api_keys")) {
            sql.append(", (select count(*) from ").append(t).append(")");
        }
        sql.append(")");
        try (var c = java.sql.DriverManager.getConnection(jdbc(db), "postgres", ""); var st = c.createStatement();
             var rs = st.executeQuery(sql.toString())) {
            rs.next();
            return rs.getString(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String jdbc(String url) {
        return "jdbc:" + url.replaceFirst("^postgres(ql)?://postgres@", "postgresql://");
    }

    /** After an accepted request, waits until whatever it started (a turn, a reply) has stopped writing. */
    private static void settle() throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        String last = snapshot();
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            Thread.sleep(100);
            String now = snapshot();
            if (!now.equals(last)) {
                last = now;
                stableSince = System.nanoTime();
            } else if (System.nanoTime() - stableSince > 600_000_000L) {
                return;
            }
        }
    }

    record Answer(int status, String body) {}

    private static Answer send(Case c) throws Exception {
        return switch (c.transport()) {
            case PLAIN, CHUNKED -> {
                var publisher = c.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : c.transport() == Transport.CHUNKED
                                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(c.body()))
                                : HttpRequest.BodyPublishers.ofByteArray(c.body());
                var req = HttpRequest.newBuilder(URI.create(f.url(c.path()))).method(c.method(), publisher);
                if (c.contentType() != null) req.header("Content-Type", c.contentType());
                c.headers().forEach(req::header);
                var r = f.http.send(req.build(), HttpResponse.BodyHandlers.ofString());
                yield new Answer(r.statusCode(), r.body());
            }
            case RAW_TRUNCATED -> raw(c, false);
            case RAW_CHUNKED_OVER_CAP -> raw(c, true);
        };
    }

    /** Speaks HTTP on a socket: a Content-Length the body never reaches, or a chunked body past the 4 MB cap. */
    private static Answer raw(Case c, boolean chunkedOverCap) throws Exception {
        try (Socket s = new Socket("localhost", f.server.port())) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            StringBuilder head = new StringBuilder(c.method() + " " + c.path() + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
            if (c.contentType() != null) head.append("Content-Type: ").append(c.contentType()).append("\r\n");
            c.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            head.append(chunkedOverCap ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + (c.body().length * 2 + 10) + "\r\n");
            head.append("\r\n");
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            if (chunkedOverCap) {
                Thread writer = Thread.ofVirtual().start(() -> {
                    byte[] chunk = new byte[64 * 1024];
                    java.util.Arrays.fill(chunk, (byte) ' ');
                    byte[] size = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                    try {
                        out.write(size);
                        out.write(c.body().length > chunk.length ? java.util.Arrays.copyOf(c.body(), chunk.length) : pad(c.body(), chunk.length));
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        for (int i = 0; i < 96; i++) { // 6 MB more
                            out.write(size);
                            out.write(chunk);
                            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        }
                        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    } catch (Exception closedByServer) {
                        // expected: the server answers 413 and closes before the body ends
                    }
                });
                Answer a = readAnswer(s.getInputStream());
                writer.join(20_000);
                return a;
            }
            out.write(c.body());
            out.flush();
            s.shutdownOutput();
            return readAnswer(s.getInputStream());
        }
    }

    private static byte[] pad(byte[] body, int length) {
        byte[] out = java.util.Arrays.copyOf(body, length);
        java.util.Arrays.fill(out, body.length, length, (byte) ' ');
        return out;
    }

    private static Answer readAnswer(InputStream in) throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            in.transferTo(buf);
        } catch (java.net.SocketException reset) {
            // the server may reset after answering; what arrived counts
        }
        String text = buf.toString(StandardCharsets.UTF_8);
        if (!text.startsWith("HTTP/1.1 ")) return new Answer(-1, text);
        int status = Integer.parseInt(text.substring(9, 12));
        int bodyAt = text.indexOf("\r\n\r\n");
        return new Answer(status, bodyAt < 0 ? "" : text.substring(bodyAt + 4));
    }

    // ---------------------------------------------------------------- the case table

    private static Set<Integer> range(int from, int to) {
        Set<Integer> s = new java.util.HashSet<>();
        for (int i = from; i <= to; i++) s.add(i);
        return Set.copyOf(s);
    }

    private static Set<Integer> clientErrorOr(int... also) {
        Set<Integer> s = new java.util.HashSet<>(CLIENT_ERROR);
        for (int i : also) s.add(i);
        return Set.copyOf(s);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> signed(byte[] body) {
        return Map.of("X-Hub-Signature-256", "sha256=" + ServerFixture.sign(new String(body, StandardCharsets.UTF_8)));
    }

    private static Map<String, String> admin() {
        return Map.of("x-api-key", ServerFixture.ADMIN_KEY);
    }

    private static Map<String, String> tenantA() {
        return Map.of("x-api-key", keyA);
    }

    private static Map<String, String> visitorA() {
        return Map.of("Authorization", "Bearer " + visitorTokenA, "Origin", "https://shop-a.example");
    }

    private static String nested(int depth, String open, String close, String inner) {
        return open.repeat(depth) + inner + close.repeat(depth);
    }

    private static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        Builder t = new Builder(out);
        String wa = "/webhooks/whatsapp";
        String users = "/users/" + a.userId();
        String agentA = users + "/agents/" + a.agentId();
        String msgs = "/webchat/" + widgetA + "/messages";
        String sessions = "/webchat/" + widgetA + "/sessions";
        String unknownPn = "999" + System.nanoTime() % 1_000_000;
        String goodMeta = MetaPayloads.message(a.phoneNumberId(), "5511977770000", "wamid.suite.never", "Oi");

        // MALFORMED: not JSON, or not the JSON each route speaks
        for (String body : List.of("{", "}{", "not json", "[1,2", "{\"object\":}", "{'single':'quotes'}", "{\"a\":1,,}", "\u0001\u0002")) {
            t.signedWebhook(Kind.MALFORMED, "whatsapp " + body.length() + "b", wa, utf8(body), CLIENT_ERROR);
        }
        t.add(Kind.MALFORMED, "admin POST /users not json", "POST", "/users", JSON, utf8("{user_id:x}"), admin(), CLIENT_ERROR);
        t.add(Kind.MALFORMED, "admin PATCH agent not json", "PATCH", agentA, JSON, utf8("{\"name\" \"x\"}"), admin(), CLIENT_ERROR);
        t.add(Kind.MALFORMED, "webchat message not json", "POST", msgs, JSON, utf8("text=oi"), visitorA(), CLIENT_ERROR);
        t.add(Kind.MALFORMED, "evolution not json", "POST", "/webhooks/evolution", JSON, utf8("{{{"), Map.of(), CLIENT_ERROR);
        t.add(Kind.MALFORMED, "telegram not json", "POST", "/webhooks/telegram/tg_nobody", JSON, utf8("<xml/>"),
                Map.of("X-Telegram-Bot-Api-Secret-Token", "x"), CLIENT_ERROR);

        // TRUNCATED: documents cut off mid-way, and bodies shorter than their Content-Length
        for (int cut : new int[] {10, 40, 80, 120}) {
            t.signedWebhook(Kind.TRUNCATED, "whatsapp cut at " + cut, wa, utf8(goodMeta.substring(0, cut)), CLIENT_ERROR);
        }
        t.add(Kind.TRUNCATED, "admin POST /users cut", "POST", "/users", JSON, utf8("{\"user_id\":\"usr_tr\",\"email\":\"a@"), admin(), CLIENT_ERROR);
        t.add(Kind.TRUNCATED, "admin POST agents cut", "POST", users + "/agents", JSON, utf8("{\"name\":\"X\",\"phone_number_id\":"), admin(), CLIENT_ERROR);
        t.add(Kind.TRUNCATED, "webchat message cut", "POST", msgs, JSON, utf8("{\"text\":\"oi"), visitorA(), CLIENT_ERROR);
        t.add(Kind.TRUNCATED, "instagram cut", "POST", "/webhooks/instagram", JSON, utf8("{\"object\":\"instagram\",\"entry\":[{"),
                signed(utf8("{\"object\":\"instagram\",\"entry\":[{")), CLIENT_ERROR);
        t.raw(Kind.TRUNCATED, "whatsapp body shorter than Content-Length", "POST", wa, utf8(goodMeta), signed(utf8(goodMeta)),
                Transport.RAW_TRUNCATED, clientErrorOr(-1));
        t.raw(Kind.TRUNCATED, "admin body shorter than Content-Length", "POST", "/users", utf8("{\"user_id\":\"usr_short\"}"), admin(),
                Transport.RAW_TRUNCATED, clientErrorOr(-1));
        t.raw(Kind.TRUNCATED, "webchat body shorter than Content-Length", "POST", msgs, utf8("{\"text\":\"oi\"}"), visitorA(),
                Transport.RAW_TRUNCATED, clientErrorOr(-1));

        // DEEPLY_NESTED
        for (int depth : new int[] {600, 5_000, 50_000}) {
            t.signedWebhook(Kind.DEEPLY_NESTED, "whatsapp arrays " + depth, wa, utf8(nested(depth, "[", "]", "1")), CLIENT_ERROR);
            t.add(Kind.DEEPLY_NESTED, "admin objects " + depth, "POST", "/users", JSON,
                    utf8("{\"user_id\":" + nested(depth, "{\"a\":", "}", "1") + "}"), admin(), CLIENT_ERROR);
        }
        t.signedWebhook(Kind.DEEPLY_NESTED, "whatsapp entry nested", wa,
                utf8("{\"object\":\"whatsapp_business_account\",\"entry\":" + nested(3_000, "[", "]", "{}") + "}"), CLIENT_ERROR);
        t.add(Kind.DEEPLY_NESTED, "webchat nested", "POST", msgs, JSON, utf8("{\"text\":" + nested(5_000, "[", "]", "\"x\"") + "}"), visitorA(), CLIENT_ERROR);
        t.add(Kind.DEEPLY_NESTED, "agent patch nested", "PATCH", agentA, JSON, utf8("{\"name\":" + nested(2_000, "{\"x\":", "}", "1") + "}"), admin(), CLIENT_ERROR);
        t.add(Kind.DEEPLY_NESTED, "evolution nested", "POST", "/webhooks/evolution", JSON, utf8(nested(10_000, "{\"a\":", "}", "1")), Map.of(), CLIENT_ERROR);

        // HUGE: over the 4 MB body cap, and single fields over their length cap
        String fiveMb = "x".repeat(5_000_000);
        t.signedWebhook(Kind.HUGE, "whatsapp 5 MB", wa, utf8("{\"object\":\"whatsapp_business_account\",\"pad\":\"" + fiveMb + "\"}"), Set.of(413));
        t.add(Kind.HUGE, "admin 5 MB", "POST", "/users", JSON, utf8("{\"company_name\":\"" + fiveMb + "\"}"), admin(), Set.of(413));
        t.add(Kind.HUGE, "webchat 5 MB", "POST", msgs, JSON, utf8("{\"text\":\"" + fiveMb + "\"}"), visitorA(), Set.of(413));
        t.add(Kind.HUGE, "instagram 5 MB unsigned", "POST", "/webhooks/instagram", JSON, utf8(fiveMb), Map.of(), Set.of(413));
        t.add(Kind.HUGE, "agent name 300k", "PATCH", agentA, JSON, utf8("{\"name\":\"" + "n".repeat(300_000) + "\"}"), admin(), Set.of(400));
        t.add(Kind.HUGE, "agent instructions 1 MB", "PATCH", agentA, JSON, utf8("{\"instructions\":\"" + "i".repeat(1_000_000) + "\"}"), admin(), Set.of(400));
        t.add(Kind.HUGE, "company name 100k", "POST", "/users", JSON,
                utf8("{\"user_id\":\"usr_huge\",\"email\":\"h@x.co\",\"company_name\":\"" + "c".repeat(100_000) + "\"}"), admin(), Set.of(400));
        t.add(Kind.HUGE, "api key name 10k", "POST", users + "/api_keys", JSON, utf8("{\"name\":\"" + "k".repeat(10_000) + "\"}"), admin(), Set.of(400));
        t.add(Kind.HUGE, "webchat text 100k", "POST", msgs, JSON, utf8("{\"text\":\"" + "w".repeat(100_000) + "\",\"client_message_id\":\"c1\"}"), visitorA(), CLIENT_ERROR);
        t.add(Kind.HUGE, "send text 100k", "POST", users + "/send", JSON,
                utf8("{\"contact_id\":\"ct_x\",\"message_type\":\"text\",\"text_content\":\"" + "s".repeat(100_000) + "\"}"), admin(), CLIENT_ERROR);
        t.add(Kind.HUGE, "10 000 unknown fields", "POST", "/users", JSON, utf8(manyFields(10_000)), admin(), CLIENT_ERROR);

        // CHUNKED: no Content-Length; under the cap each must still be judged, over it 413 after at most the cap
        t.chunkedWebhook("whatsapp forged", wa, utf8(goodMeta), Map.of("X-Hub-Signature-256", "sha256=" + "0".repeat(64)), Set.of(401));
        t.chunkedWebhook("whatsapp unsigned", wa, utf8(goodMeta), Map.of(), Set.of(401));
        t.chunkedWebhook("whatsapp signed malformed", wa, utf8("{\"object\":"), signed(utf8("{\"object\":")), CLIENT_ERROR);
        t.chunkedWebhook("instagram forged", "/webhooks/instagram", utf8("{\"object\":\"instagram\",\"entry\":[]}"),
                Map.of("X-Hub-Signature-256", "sha256=" + "1".repeat(64)), Set.of(401));
        t.chunkedWebhook("evolution no credentials", "/webhooks/evolution", utf8("{\"event\":\"messages.upsert\",\"instance\":\"nobody\"}"), Map.of(), Set.of(401));
        t.add(Kind.CHUNKED, "admin chunked bad field", "POST", "/users", JSON, utf8("{\"user_id\":\"../x\",\"email\":\"c@x.co\"}"), admin(),
                Transport.CHUNKED, CLIENT_ERROR);
        t.add(Kind.CHUNKED, "webchat chunked wrong type", "POST", msgs, JSON, utf8("{\"text\":42}"), visitorA(), Transport.CHUNKED, CLIENT_ERROR);
        t.raw(Kind.CHUNKED, "whatsapp 6 MB chunked", "POST", wa, utf8("{\"object\":\"whatsapp_business_account\",\"pad\":\""),
                Map.of("X-Hub-Signature-256", "sha256=00"), Transport.RAW_CHUNKED_OVER_CAP, Set.of(413));
        t.raw(Kind.CHUNKED, "admin 6 MB chunked", "POST", "/users", utf8("{\"company_name\":\""), admin(), Transport.RAW_CHUNKED_OVER_CAP, Set.of(413));
        t.raw(Kind.CHUNKED, "webchat 6 MB chunked", "POST", msgs, utf8("{\"text\":\""), visitorA(), Transport.RAW_CHUNKED_OVER_CAP, Set.of(413));
        t.raw(Kind.CHUNKED, "telegram 6 MB chunked", "POST", "/webhooks/telegram/tg_nobody", utf8("{\"update_id\":"), Map.of(),
                Transport.RAW_CHUNKED_OVER_CAP, clientErrorOr());

        // WRONG_TYPES
        for (String body : List.of("[]", "\"text\"", "42", "null", "{\"object\":42}", "{\"object\":\"whatsapp_business_account\",\"entry\":\"x\"}",
                "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"changes\":{\"value\":1}}]}")) {
            t.signedWebhook(Kind.WRONG_TYPES, "whatsapp " + body, wa, utf8(body), clientErrorOr(200));
        }
        // documented: a number where text is expected is taken as its text (seed 002 sends ids as numbers)
        t.add(Kind.WRONG_TYPES, "user_id number", "POST", "/users", JSON, utf8("{\"user_id\":123,\"email\":\"w@x.co\"}"), admin(), clientErrorOr(201));
        t.add(Kind.WRONG_TYPES, "agent name object", "PATCH", agentA, JSON, utf8("{\"name\":{\"a\":1}}"), admin(), CLIENT_ERROR);
        t.add(Kind.WRONG_TYPES, "debounce string", "PATCH", agentA, JSON, utf8("{\"debounce_ms\":\"soon\"}"), admin(), CLIENT_ERROR);
        t.add(Kind.WRONG_TYPES, "credits string", "POST", users + "/credits", JSON, utf8("{\"amount\":\"1x\"}"), admin(), CLIENT_ERROR);
        t.add(Kind.WRONG_TYPES, "allowed_origins string", "POST", users + "/phone_numbers", JSON,
                utf8("{\"type\":\"webchat\",\"phone_number_id\":\"site-wt\",\"allowed_origins\":{\"a\":1}}"), admin(), CLIENT_ERROR);
        t.add(Kind.WRONG_TYPES, "webchat text array", "POST", msgs, JSON, utf8("{\"text\":[\"a\"]}"), visitorA(), CLIENT_ERROR);
        t.add(Kind.WRONG_TYPES, "conversation patch status number", "PATCH", users + "/conversations/cv_none", JSON, utf8("{\"status\":1}"), admin(), CLIENT_ERROR);

        // OVERFLOW: integers past 64 bits, negative, fractions, exponents
        for (String amount : List.of("18446744073709551716", "9223372036854775808", "-9223372036854775809", "1e400", "1.5", "-5", "0",
                "99999999999999999999999999999999999999")) {
            t.add(Kind.OVERFLOW, "credits " + amount, "POST", users + "/credits", JSON, utf8("{\"amount\":" + amount + "}"), admin(), CLIENT_ERROR);
        }
        for (String v : List.of("18446744073709551621", "-1", "1e20", "2147483648")) {
            t.add(Kind.OVERFLOW, "debounce_ms " + v, "PATCH", agentA, JSON, utf8("{\"debounce_ms\":" + v + "}"), admin(), CLIENT_ERROR);
        }
        t.add(Kind.OVERFLOW, "conversations limit huge", "GET", users + "/conversations?limit=99999999999999999999", null, null, admin(), CLIENT_ERROR);
        t.add(Kind.OVERFLOW, "telegram update_id huge", "POST", "/webhooks/telegram/tg_nobody", JSON, utf8("{\"update_id\":1e999999}"),
                Map.of("X-Telegram-Bot-Api-Secret-Token", "x"), CLIENT_ERROR);

        // NUL_AND_SURROGATES: escaped and raw; invalid UTF-8 bytes
        byte[] loneSurrogateBytes = {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'};
        byte[] badUtf8 = {'{', '"', 'u', 's', 'e', 'r', '_', 'i', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        t.add(Kind.NUL_AND_SURROGATES, "user_id with NUL", "POST", "/users", JSON, utf8("{\"user_id\":\"usr\\u0000x\",\"email\":\"n@x.co\"}"), admin(), CLIENT_ERROR);
        t.add(Kind.NUL_AND_SURROGATES, "user_id lone surrogate", "POST", "/users", JSON, utf8("{\"user_id\":\"usr\\ud800\",\"email\":\"s@x.co\"}"), admin(), CLIENT_ERROR);
        t.add(Kind.NUL_AND_SURROGATES, "raw invalid UTF-8 user_id", "POST", "/users", JSON, badUtf8, admin(), CLIENT_ERROR);
        t.add(Kind.NUL_AND_SURROGATES, "agent name NUL", "PATCH", "/users/" + b.userId() + "/agents/" + b.agentId(), JSON, utf8("{\"name\":\"Sa\\u0000les\"}"), admin(), clientErrorOr(200));
        t.add(Kind.NUL_AND_SURROGATES, "agent greeting lone low surrogate", "PATCH", "/users/" + b.userId() + "/agents/" + b.agentId(), JSON, utf8("{\"greeting\":\"oi \\udc00\"}"), admin(), clientErrorOr(200));
        t.add(Kind.NUL_AND_SURROGATES, "webchat raw surrogate bytes", "POST", msgs, JSON, loneSurrogateBytes, visitorA(), clientErrorOr(200, 201, 202));
        t.add(Kind.NUL_AND_SURROGATES, "webchat client id NUL", "POST", msgs, JSON, utf8("{\"text\":\"oi\",\"client_message_id\":\"a\\u0000b\"}"), visitorA(),
                clientErrorOr(200, 201, 202));
        t.signedWebhook(Kind.NUL_AND_SURROGATES, "whatsapp NUL to unknown number", wa,
                utf8(MetaPayloads.message(unknownPn, "5511900000000", "wamid.nul.x", "oi\\u0000")), Set.of(200));
        t.signedWebhook(Kind.NUL_AND_SURROGATES, "whatsapp phone id NUL", wa,
                utf8(MetaPayloads.message("12\\u000034", "5511900000000", "wamid.nul.y", "oi")), clientErrorOr(200));
        t.signedWebhook(Kind.NUL_AND_SURROGATES, "whatsapp raw invalid UTF-8", wa, badUtf8, CLIENT_ERROR);
        t.add(Kind.NUL_AND_SURROGATES, "path NUL", "GET", "/users/usr%00x", null, null, admin(), CLIENT_ERROR);
        t.add(Kind.NUL_AND_SURROGATES, "api key header surrogate", "GET", users, null, null, Map.of("x-api-key", "sk_\\u0000%00"), CLIENT_ERROR);

        // FORGED_SIGNATURE
        t.add(Kind.FORGED_SIGNATURE, "whatsapp zero signature", "POST", wa, JSON, utf8(goodMeta), Map.of("X-Hub-Signature-256", "sha256=" + "0".repeat(64)), Set.of(401));
        t.add(Kind.FORGED_SIGNATURE, "whatsapp no signature", "POST", wa, JSON, utf8(goodMeta), Map.of(), Set.of(401));
        t.add(Kind.FORGED_SIGNATURE, "whatsapp sha1 only", "POST", wa, JSON, utf8(goodMeta), Map.of("X-Hub-Signature", "sha1=" + "a".repeat(40)), Set.of(401));
        t.add(Kind.FORGED_SIGNATURE, "whatsapp short signature", "POST", wa, JSON, utf8(goodMeta), Map.of("X-Hub-Signature-256", "sha256=ab"), Set.of(401));
        t.add(Kind.FORGED_SIGNATURE, "whatsapp not hex", "POST", wa, JSON, utf8(goodMeta), Map.of("X-Hub-Signature-256", "sha256=" + "zz".repeat(32)), Set.of(401));
        t.add(Kind.FORGED_SIGNATURE, "whatsapp signed with another secret", "POST", wa, JSON, utf8(goodMeta),
                Map.of("X-Hub-Signature-256", "sha256=" + hmac("another-secret", goodMeta)), Set.of(401));
        t.add(Kind.FORGED_SIGNATURE, "instagram forged", "POST", "/webhooks/instagram", JSON, utf8("{\"object\":\"instagram\",\"entry\":[]}"),
                Map.of("X-Hub-Signature-256", "sha256=" + "0".repeat(64)), Set.of(401));
        t.add(Kind.FORGED_SIGNATURE, "evolution bearer guess", "POST", "/webhooks/evolution", JSON,
                utf8("{\"event\":\"messages.upsert\",\"instance\":\"inst\",\"data\":{}}"), Map.of("Authorization", "Bearer guess"), Set.of(401));
        t.add(Kind.FORGED_SIGNATURE, "evolution jwt alg none", "POST", "/webhooks/evolution", JSON,
                utf8("{\"event\":\"messages.upsert\",\"instance\":\"inst\",\"data\":{}}"),
                Map.of("Authorization", "Bearer eyJhbGciOiJub25lIn0.eyJleHAiOjk5OTk5OTk5OTl9."), Set.of(401));
        t.add(Kind.FORGED_SIGNATURE, "evolution body apikey guess", "POST", "/api/webhooks/evolution", JSON,
                utf8("{\"event\":\"messages.upsert\",\"instance\":\"inst\",\"apikey\":\"guess\",\"data\":{}}"), Map.of(), Set.of(401));
        t.add(Kind.FORGED_SIGNATURE, "telegram wrong secret", "POST", "/webhooks/telegram/tg_nobody", JSON,
                utf8("{\"update_id\":1,\"message\":{\"message_id\":1,\"text\":\"oi\",\"chat\":{\"id\":1}}}"),
                Map.of("X-Telegram-Bot-Api-Secret-Token", "guess"), clientErrorOr());
        t.add(Kind.FORGED_SIGNATURE, "webchat forged visitor token", "POST", msgs, JSON, utf8("{\"text\":\"oi\"}"),
                Map.of("Authorization", "Bearer " + visitorTokenA.substring(0, visitorTokenA.length() - 4) + "AAAA", "Origin", "https://shop-a.example"),
                CLIENT_ERROR);
        t.add(Kind.FORGED_SIGNATURE, "admin wrong key", "GET", "/users", null, null, Map.of("x-api-key", "test-admin-key-124"), Set.of(401));

        // REPLAYED_SIGNATURE: a real signature on another body, and exact re-deliveries (the documented 200, nothing new)
        String replayedSig = "sha256=" + ServerFixture.sign(validBody);
        t.add(Kind.REPLAYED_SIGNATURE, "exact redelivery", "POST", wa, JSON, utf8(validBody), Map.of("X-Hub-Signature-256", replayedSig), Set.of(200));
        t.add(Kind.REPLAYED_SIGNATURE, "exact redelivery again", "POST", wa, JSON, utf8(validBody), Map.of("X-Hub-Signature-256", replayedSig), Set.of(200));
        t.add(Kind.REPLAYED_SIGNATURE, "signature on altered text", "POST", wa, JSON, utf8(validBody.replace("Oi 1", "Oi 2")),
                Map.of("X-Hub-Signature-256", replayedSig), Set.of(401));
        t.add(Kind.REPLAYED_SIGNATURE, "signature on altered wamid", "POST", wa, JSON, utf8(validBody.replace("wamid.suite.valid.1", "wamid.suite.evil")),
                Map.of("X-Hub-Signature-256", replayedSig), Set.of(401));
        t.add(Kind.REPLAYED_SIGNATURE, "signature with trailing space", "POST", wa, JSON, utf8(validBody + " "), Map.of("X-Hub-Signature-256", replayedSig), Set.of(401));
        t.add(Kind.REPLAYED_SIGNATURE, "signature on body to other tenant", "POST", wa, JSON,
                utf8(validBody.replace(a.phoneNumberId(), b.phoneNumberId())), Map.of("X-Hub-Signature-256", replayedSig), Set.of(401));
        t.add(Kind.REPLAYED_SIGNATURE, "signature replayed to instagram", "POST", "/webhooks/instagram", JSON, utf8(validBody.replace("whatsapp_business_account", "instagram")),
                Map.of("X-Hub-Signature-256", replayedSig), Set.of(401));
        t.add(Kind.REPLAYED_SIGNATURE, "signature uppercased", "POST", wa, JSON, utf8(validBody.toUpperCase()), Map.of("X-Hub-Signature-256", replayedSig), Set.of(401));
        t.add(Kind.REPLAYED_SIGNATURE, "two signature headers", "POST", wa, JSON, utf8(validBody.replace("Oi 1", "Oi 9")),
                Map.of("X-Hub-Signature-256", replayedSig + ",sha256=" + "0".repeat(64)), Set.of(401));
        t.add(Kind.REPLAYED_SIGNATURE, "replayed visitor token on other widget", "POST", "/webchat/" + widgetB + "/messages", JSON,
                utf8("{\"text\":\"oi\"}"), Map.of("Authorization", "Bearer " + visitorTokenA, "Origin", "https://shop-b.example"), CLIENT_ERROR);
        t.add(Kind.REPLAYED_SIGNATURE, "replayed visitor token from other origin", "POST", msgs, JSON, utf8("{\"text\":\"oi\"}"),
                Map.of("Authorization", "Bearer " + visitorTokenA, "Origin", "https://evil.example"), CLIENT_ERROR);

        // WRONG_CONTENT_TYPE
        // documented: the API reads a body as JSON whatever its declared type (so `curl -d` works); a body in the
        // declared non-JSON format is a 400, and a charset other than UTF-8 a 415
        t.add(Kind.WRONG_CONTENT_TYPE, "admin form body", "POST", "/users", "application/x-www-form-urlencoded", utf8("user_id=usr_ct&email=ct%40x.co"), admin(), CLIENT_ERROR);
        t.add(Kind.WRONG_CONTENT_TYPE, "admin multipart body", "POST", "/users", "multipart/form-data; boundary=x",
                utf8("--x\r\nContent-Disposition: form-data; name=\"user_id\"\r\n\r\nusr_ct\r\n--x--\r\n"), admin(), CLIENT_ERROR);
        t.add(Kind.WRONG_CONTENT_TYPE, "admin xml body", "POST", "/users", "application/xml", utf8("<user><user_id>usr_ct</user_id></user>"), admin(), CLIENT_ERROR);
        t.add(Kind.WRONG_CONTENT_TYPE, "admin text/plain JSON", "POST", "/users", "text/plain", utf8("{\"user_id\":\"usr_ct1\",\"email\":\"ct1@x.co\"}"), admin(),
                clientErrorOr(201));
        t.add(Kind.WRONG_CONTENT_TYPE, "admin charset foo", "POST", "/users", "application/json; charset=foo", utf8("{\"user_id\":\"usr_ct2\",\"email\":\"ct2@x.co\"}"), admin(), Set.of(415));
        t.add(Kind.WRONG_CONTENT_TYPE, "admin charset quoted unknown", "POST", "/users", "application/json; charset=\"x-unknown\"",
                utf8("{\"user_id\":\"usr_ct3\",\"email\":\"ct3@x.co\"}"), admin(), Set.of(415));
        t.add(Kind.WRONG_CONTENT_TYPE, "webchat text/plain", "POST", msgs, "text/plain", utf8("{\"text\":\"oi\"}"), visitorA(), clientErrorOr(200, 201, 202));
        t.add(Kind.WRONG_CONTENT_TYPE, "whatsapp charset foo", "POST", wa, "application/json; charset=foo", utf8("{}"), signed(utf8("{}")), CLIENT_ERROR);
        t.add(Kind.WRONG_CONTENT_TYPE, "whatsapp utf-16 declared", "POST", wa, "application/json; charset=utf-16", utf8("{}"), signed(utf8("{}")),
                clientErrorOr(200));
        t.add(Kind.WRONG_CONTENT_TYPE, "agent patch form", "PATCH", agentA, "application/x-www-form-urlencoded", utf8("name=x"), admin(), CLIENT_ERROR);
        t.add(Kind.WRONG_CONTENT_TYPE, "credits no content type", "POST", users + "/credits", null, utf8("{\"amount\":1}"), admin(), clientErrorOr(200, 201));

        // PATH_TRICK
        for (String p : List.of("/users/..", "/users/%2e%2e", "/users/%2e%2e/agents", "/users/..%2f..%2fetc", "/users/" + a.userId() + "/agents/..%2f..",
                "/console/..%2f..%2fpom.xml", "/docs/..%2fREADME.md", "/webchat/..%2f/sessions", "/users/%252e%252e", "/users/.%00.",
                "/users/" + a.userId() + "%2fagents")) {
            t.add(Kind.PATH_TRICK, "GET " + p, "GET", p, null, null, admin(), CLIENT_ERROR);
        }
        t.add(Kind.PATH_TRICK, "create tenant ..", "POST", "/users", JSON, utf8("{\"user_id\":\"..\",\"email\":\"dd@x.co\"}"), admin(), CLIENT_ERROR);
        t.add(Kind.PATH_TRICK, "create tenant with slash", "POST", "/users", JSON, utf8("{\"user_id\":\"a/../b\",\"email\":\"ds@x.co\"}"), admin(), CLIENT_ERROR);
        t.add(Kind.PATH_TRICK, "phone number id ..", "POST", users + "/phone_numbers", JSON,
                utf8("{\"type\":\"whatsapp\",\"phone_number_id\":\"..\",\"access_token\":\"t\"}"), admin(), CLIENT_ERROR);
        t.add(Kind.PATH_TRICK, "telegram route ..", "POST", "/webhooks/telegram/..", JSON, utf8("{\"update_id\":1}"), Map.of(), CLIENT_ERROR);

        // OTHER_TENANT: tenant A's key on tenant B's resources and ids
        String usersB = "/users/" + b.userId();
        t.add(Kind.OTHER_TENANT, "read B", "GET", usersB, null, null, tenantA(), Set.of(403, 404));
        t.add(Kind.OTHER_TENANT, "list B agents", "GET", usersB + "/agents", null, null, tenantA(), Set.of(403, 404));
        t.add(Kind.OTHER_TENANT, "patch B agent", "PATCH", usersB + "/agents/" + b.agentId(), JSON, utf8("{\"name\":\"pwn\"}"), tenantA(), Set.of(403, 404));
        t.add(Kind.OTHER_TENANT, "credit B", "POST", usersB + "/credits", JSON, utf8("{\"amount\":5}"), tenantA(), Set.of(403, 404));
        t.add(Kind.OTHER_TENANT, "delete B number", "DELETE", usersB + "/phone_numbers/" + b.phoneNumberId(), null, null, tenantA(), Set.of(403, 404));
        t.add(Kind.OTHER_TENANT, "B conversations", "GET", usersB + "/conversations", null, null, tenantA(), Set.of(403, 404));
        t.add(Kind.OTHER_TENANT, "B api keys", "POST", usersB + "/api_keys", JSON, utf8("{\"name\":\"x\"}"), tenantA(), Set.of(403, 404));
        t.add(Kind.OTHER_TENANT, "B agent under A", "GET", users + "/agents/" + b.agentId(), null, null, tenantA(), Set.of(403, 404));
        t.add(Kind.OTHER_TENANT, "patch B agent under A", "PATCH", users + "/agents/" + b.agentId(), JSON, utf8("{\"name\":\"pwn\"}"), tenantA(), Set.of(403, 404));
        t.add(Kind.OTHER_TENANT, "delete B agent under A", "DELETE", users + "/agents/" + b.agentId(), null, null, tenantA(), Set.of(403, 404));
        t.add(Kind.OTHER_TENANT, "agent on B's number", "POST", users + "/agents", JSON,
                utf8("{\"name\":\"pwn\",\"phone_number_id\":\"" + b.phoneNumberId() + "\",\"instructions\":\"x\"}"), tenantA(), clientErrorOr());
        t.add(Kind.OTHER_TENANT, "send from B's number", "POST", "/send", JSON,
                utf8("{\"contact_id\":\"ct_none\",\"message_type\":\"text\",\"text_content\":\"x\",\"phone_number_id\":\"" + b.phoneNumberId() + "\"}"),
                tenantA(), clientErrorOr());
        t.add(Kind.OTHER_TENANT, "B number status", "GET", usersB + "/phone_numbers/" + b.phoneNumberId(), null, null, tenantA(), Set.of(403, 404));
        t.add(Kind.OTHER_TENANT, "A's visitor on B's widget session", "POST", "/webchat/" + widgetB + "/sessions", JSON, utf8("{}"),
                Map.of("Authorization", "Bearer " + visitorTokenA, "Origin", "https://shop-a.example"), CLIENT_ERROR);
        return out;
    }

    private static String manyFields(int n) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < n; i++) sb.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":").append(i);
        return sb.append("}").toString();
    }

    private static String hmac(String secret, String body) {
        try {
            var mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Adds cases to the table. */
    private record Builder(List<Case> out) {
        void add(Kind kind, String name, String method, String path, String contentType, byte[] body, Map<String, String> headers, Set<Integer> allowed) {
            add(kind, name, method, path, contentType, body, headers, Transport.PLAIN, allowed);
        }

        void add(Kind kind, String name, String method, String path, String contentType, byte[] body, Map<String, String> headers,
                 Transport transport, Set<Integer> allowed) {
            out.add(new Case(kind, name, method, path, contentType, body, headers, transport, allowed));
        }

        void signedWebhook(Kind kind, String name, String path, byte[] body, Set<Integer> allowed) {
            add(kind, name, "POST", path, JSON, body, Map.of("X-Hub-Signature-256", "sha256=" + sign(body)), allowed);
        }

        void chunkedWebhook(String name, String path, byte[] body, Map<String, String> headers, Set<Integer> allowed) {
            add(Kind.CHUNKED, name, "POST", path, JSON, body, headers, Transport.CHUNKED, allowed);
        }

        void raw(Kind kind, String name, String method, String path, byte[] body, Map<String, String> headers, Transport transport, Set<Integer> allowed) {
            add(kind, name, method, path, JSON, body, headers, transport, allowed);
        }

        private static String sign(byte[] body) {
            try {
                var mac = javax.crypto.Mac.getInstance("HmacSHA256");
                mac.init(new javax.crypto.spec.SecretKeySpec(ServerFixture.APP_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                return java.util.HexFormat.of().formatHex(mac.doFinal(body));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
