package dev.switchboard.runner.http.webchat;

import dev.switchboard.adapters.webchat.WebchatChannel;
import dev.switchboard.core.engine.Switchboard;
import dev.switchboard.core.support.NotFoundException;
import io.javalin.http.Context;

/**
 * The page at {@code /}: the demo chat when the demo widget exists ({@link DemoBootstrap}), else
 * how to register a web chat widget and embed it. Server-rendered, one stylesheet, no script but
 * the widget's own.
 */
final class LandingPage {
    private LandingPage() {}

    static void render(Context ctx, Switchboard engine) {
        ctx.contentType("text/html; charset=utf-8").header("Cache-Control", "no-store")
                .result(demoRuns(engine) ? demoPage() : instructionsPage());
    }

    /** Whether the demo tenant owns the demo widget (then {@code /} is the demo chat). */
    static boolean demoRuns(Switchboard engine) {
        try {
            return WebchatChannel.CHANNEL.equals(engine.channelAccounts().get(DemoBootstrap.TENANT, DemoBootstrap.WIDGET).channel());
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** The site's other pages: the API documentation and the console (served by the same server). */
    private static final String NAV =
            "<nav aria-label=\"Site\"><a href=\"/docs\">API documentation</a><a href=\"/console\">Console</a></nav>";

    private static final String STYLE = """
            <style>
            :root{color-scheme:light;--c:#4f46e5}
            *{box-sizing:border-box}
            body{margin:0;font:16px/1.6 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#0f172a;background:linear-gradient(160deg,#eef2ff 0%,#f8fafc 55%)}
            main{max-width:760px;margin:0 auto;padding:56px 24px 120px}
            .kicker{display:inline-block;font-size:13px;font-weight:700;letter-spacing:.06em;text-transform:uppercase;color:var(--c);background:#e0e7ff;padding:4px 10px;border-radius:999px}
            h1{font-size:clamp(28px,5vw,42px);line-height:1.15;margin:16px 0 12px}
            h2{font-size:20px;margin:36px 0 8px}
            p.lead{font-size:18px;color:#334155;max-width:60ch}
            code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:13.5px}
            pre{background:#0f172a;color:#e2e8f0;padding:16px;border-radius:12px;overflow-x:auto;line-height:1.5}
            .card{background:#fff;border:1px solid #e2e8f0;border-radius:16px;padding:20px 24px;margin-top:28px;box-shadow:0 4px 16px rgba(15,23,42,.05)}
            .card ol{margin:8px 0 0;padding-left:20px}
            .warn{border-color:#fde68a;background:#fffbeb}
            a{color:var(--c)}
            nav{display:flex;gap:20px;justify-content:flex-end;font-size:15px;margin-bottom:24px}
            nav a{text-decoration:none;font-weight:600}
            nav a:hover{text-decoration:underline}
            </style>""";

    private static String demoPage() {
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Switchboard — try the demo chat</title>%s</head>
                <body><main>%s
                <span class="kicker">Public demo</span>
                <h1>Talk to a Switchboard agent</h1>
                <p class="lead">This server runs a demo tenant with a web chat widget and an AI agent. The chat window
                is the same widget any site embeds with one script tag — write to it below.</p>
                <div class="card"><strong>What to try</strong><ol>
                <li>Ask the assistant a question; its replies are marked <em>AI</em>.</li>
                <li>Take over as an operator: <code>POST /users/demo/conversations/{id}/messages</code> with the admin key — your message appears live, marked <em>Team</em>.</li>
                <li>Reload the page: your conversation is still here.</li></ol></div>
                <div class="card warn"><strong>This page is public.</strong> Anyone who can reach this server can chat with the demo
                agent and spend its credits. Set <code>DEMO=false</code> to turn the demo off.</div>
                <h2>Embed it on your site</h2>
                <pre>&lt;script src="%s" data-widget="YOUR_WIDGET_ID" async&gt;&lt;/script&gt;</pre>
                </main>
                <script src="/webchat/widget.js" data-widget="demo" data-open="true" async></script>
                </body></html>
                """.formatted(STYLE, NAV, "/webchat/widget.js");
    }

    private static String instructionsPage() {
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Switchboard</title>%s</head>
                <body><main>%s
                <span class="kicker">Switchboard</span>
                <h1>Add a web chat to your site</h1>
                <p class="lead">This server connects AI agents to WhatsApp, Instagram and web chat. No demo runs here;
                register a web chat widget through the admin API, then embed it with one script tag.</p>
                <h2>1. Register a widget</h2>
                <pre>curl -X POST $HOST/users/$USER_ID/phone_numbers \\
                  -H "x-api-key: $ADMIN_API_KEY" -H "Content-Type: application/json" \\
                  -d '{"type":"webchat","phone_number_id":"my-site","display_name":"My shop",
                       "allowed_origins":["https://www.example.com"]}'</pre>
                <h2>2. Link an agent to it</h2>
                <pre>curl -X POST $HOST/users/$USER_ID/agents -H "x-api-key: $ADMIN_API_KEY" \\
                  -H "Content-Type: application/json" \\
                  -d '{"name":"Support","phone_number_id":"my-site","instructions":"You help our customers."}'</pre>
                <h2>3. Embed it</h2>
                <pre>&lt;script src="$HOST/webchat/widget.js" data-widget="my-site" async&gt;&lt;/script&gt;</pre>
                <p>See the README's <em>Web chat</em> section for the visitor protocol and settings,
                the <a href="/docs">API documentation</a> for every endpoint, and the <a href="/console">console</a>
                to watch conversations.</p>
                </main></body></html>
                """.formatted(STYLE, NAV);
    }
}
