/* Switchboard web chat widget. One tag adds it to a page:
 *   <script src="https://HOST/webchat/widget.js" data-widget="WIDGET_ID" async></script>
 * Optional: data-open="true" (start open), data-color="#4f46e5", data-title="Support".
 * Plain DOM in an open shadow root; no framework, nothing loaded from elsewhere. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.dataset.widget) return;
  var widget = script.dataset.widget;
  var base = new URL(script.src, location.href).origin;
  var api = base + "/webchat/" + encodeURIComponent(widget);
  var storeKey = "switchboard-webchat:" + base + ":" + widget;
  var color = /^#[0-9a-fA-F]{3,8}$/.test(script.dataset.color || "") ? script.dataset.color : "#4f46e5";

  var token = null, lastId = null, seen = {}, pending = {}, started = false, typingTimer = null, retry = 0, unread = 0;

  var css = [
    ":host{all:initial}",
    "*{box-sizing:border-box;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}",
    ".bubble{position:fixed;right:20px;bottom:20px;width:60px;height:60px;border-radius:50%;border:0;cursor:pointer;background:var(--c);color:#fff;box-shadow:0 8px 24px rgba(15,23,42,.25);display:grid;place-items:center;z-index:2147483000;transition:transform .15s}",
    ".bubble:hover{transform:scale(1.06)}button:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}",
    ".badge{position:absolute;top:-2px;right:-2px;min-width:20px;height:20px;border-radius:10px;background:#ef4444;color:#fff;font-size:12px;font-weight:700;display:grid;place-items:center;padding:0 5px}",
    ".panel{position:fixed;right:20px;bottom:20px;width:380px;height:min(620px,calc(100vh - 40px));background:#fff;border-radius:16px;box-shadow:0 16px 48px rgba(15,23,42,.28);display:flex;flex-direction:column;overflow:hidden;z-index:2147483001;color:#0f172a}",
    ".panel[hidden],.bubble[hidden],.badge[hidden],.typing[hidden]{display:none}",
    "header{background:var(--c);color:#fff;padding:14px 14px 14px 16px;display:flex;align-items:center;gap:12px}",
    ".avatar{width:38px;height:38px;border-radius:50%;background:rgba(255,255,255,.2);display:grid;place-items:center;font-weight:700;font-size:16px;flex:none}",
    ".who{flex:1;min-width:0}.who h2{margin:0;font-size:16px;font-weight:650;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}",
    ".who p{margin:2px 0 0;font-size:12.5px;opacity:.9}.who p::before{content:'';display:inline-block;width:8px;height:8px;border-radius:50%;background:#4ade80;margin-right:6px}",
    ".who p.off::before{background:#fbbf24}",
    ".close{background:transparent;border:0;color:#fff;width:36px;height:36px;border-radius:8px;cursor:pointer;display:grid;place-items:center}.close:hover{background:rgba(255,255,255,.15)}",
    ".log{flex:1;overflow-y:auto;padding:16px 14px;background:#f8fafc;display:flex;flex-direction:column;gap:10px}",
    ".empty{margin:auto;text-align:center;color:#64748b;font-size:14px;max-width:240px;line-height:1.45}",
    ".msg{max-width:82%;display:flex;flex-direction:column;gap:3px}",
    ".msg .text{padding:9px 13px;border-radius:16px;font-size:14.5px;line-height:1.45;white-space:pre-wrap;overflow-wrap:anywhere}",
    ".msg .who-label{font-size:11.5px;color:#64748b;display:flex;align-items:center;gap:5px;padding:0 4px}",
    ".msg[data-sender=visitor]{align-self:flex-end}.msg[data-sender=visitor] .text{background:var(--c);color:#fff;border-bottom-right-radius:4px}",
    ".msg[data-sender=agent]{align-self:flex-start}.msg[data-sender=agent] .text{background:#fff;border:1px solid #e2e8f0;border-bottom-left-radius:4px}",
    ".msg[data-sender=human]{align-self:flex-start}.msg[data-sender=human] .text{background:#ecfdf5;border:1px solid #a7f3d0;border-bottom-left-radius:4px}",
    ".tag{font-size:10px;font-weight:700;letter-spacing:.04em;padding:1px 6px;border-radius:6px;background:#e0e7ff;color:#3730a3}",
    ".msg[data-sender=human] .tag{background:#d1fae5;color:#065f46}",
    ".msg .state{font-size:11px;color:#94a3b8;align-self:flex-end;padding:0 4px}.msg[data-status=failed] .state{color:#dc2626}",
    ".typing{align-self:flex-start;background:#fff;border:1px solid #e2e8f0;border-radius:16px;padding:12px 14px;display:flex;gap:4px}",
    ".typing span{width:7px;height:7px;border-radius:50%;background:#94a3b8;animation:b 1.2s infinite}.typing span:nth-child(2){animation-delay:.15s}.typing span:nth-child(3){animation-delay:.3s}",
    "@keyframes b{0%,60%,100%{transform:none;opacity:.5}30%{transform:translateY(-4px);opacity:1}}",
    "form{display:flex;gap:8px;padding:10px;border-top:1px solid #e2e8f0;background:#fff;align-items:flex-end}",
    "textarea{flex:1;resize:none;border:1px solid #cbd5e1;border-radius:12px;padding:11px 12px;font-size:15px;line-height:20px;height:44px;max-height:120px;overflow-y:hidden;color:#0f172a;background:#fff;outline:none}",
    "textarea:focus{border-color:var(--c);box-shadow:0 0 0 3px color-mix(in srgb,var(--c) 22%,transparent)}",
    ".send{width:44px;height:44px;border-radius:12px;border:0;background:var(--c);color:#fff;cursor:pointer;display:grid;place-items:center;flex:none}.send:disabled{opacity:.5;cursor:default}",
    ".note{font-size:12px;color:#b45309;padding:0 14px 6px;background:#fff;min-height:0}.note:empty{display:none}",
    ".foot{font-size:11px;color:#94a3b8;text-align:center;padding:0 0 8px;background:#fff}",
    ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}",
    "@media (max-width:480px){.panel{inset:0;right:0;bottom:0;width:100%;height:100%;border-radius:0}.bubble{right:16px;bottom:16px}}"
  ].join("");

  var icon = {
    chat: '<svg width="28" height="28" viewBox="0 0 24 24" fill="none" aria-hidden="true"><path d="M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v8a2.5 2.5 0 0 1-2.5 2.5H9l-5 4v-14.5Z" fill="currentColor"/></svg>',
    close: '<svg width="20" height="20" viewBox="0 0 24 24" aria-hidden="true"><path d="M6 6l12 12M18 6L6 18" stroke="currentColor" stroke-width="2.2" stroke-linecap="round"/></svg>',
    send: '<svg width="20" height="20" viewBox="0 0 24 24" aria-hidden="true"><path d="M4 12l16-8-6 16-2.5-6.5L4 12Z" fill="currentColor"/></svg>'
  };

  var host = document.createElement("div");
  host.id = "switchboard-webchat";
  var root = host.attachShadow({ mode: "open" });
  root.innerHTML = "<style>" + css + "</style>" +
    '<button class="bubble" type="button" aria-label="Open chat" aria-expanded="false">' + icon.chat + '<span class="badge" hidden></span></button>' +
    '<section class="panel" role="dialog" aria-label="Chat" hidden>' +
    '<header><div class="avatar" aria-hidden="true"></div><div class="who"><h2></h2><p class="status">Connecting…</p></div>' +
    '<button class="close" type="button" aria-label="Close chat">' + icon.close + "</button></header>" +
    '<div class="log" role="log" aria-live="polite" aria-label="Conversation"><p class="empty">Send us a message — we usually answer right away.</p>' +
    '<div class="typing" hidden aria-label="Assistant is typing"><span></span><span></span><span></span></div></div>' +
    '<p class="note" role="status"></p>' +
    '<form><label class="sr" for="sb-message">Message</label><textarea id="sb-message" rows="1" placeholder="Write a message…" maxlength="4000"></textarea>' +
    '<button class="send" type="submit" aria-label="Send">' + icon.send + "</button></form>" +
    '<div class="foot">Powered by Switchboard</div></section>';
  root.host.style.setProperty("--c", color);
  var $ = function (s) { return root.querySelector(s); };
  var bubble = $(".bubble"), panel = $(".panel"), log = $(".log"), typing = $(".typing"), input = $("textarea"),
      form = $("form"), note = $(".note"), badge = $(".badge"), status = $(".status");
  function title(name) {
    var t = script.dataset.title || name || "Chat";
    $("h2").textContent = t;
    $(".avatar").textContent = t.trim().charAt(0).toUpperCase();
  }
  title(null);

  function open() {
    panel.hidden = false; bubble.hidden = true; bubble.setAttribute("aria-expanded", "true");
    unread = 0; badge.hidden = true;
    start(); setTimeout(function () { input.focus(); }, 0); scroll();
  }
  function close() { panel.hidden = true; bubble.hidden = false; bubble.setAttribute("aria-expanded", "false"); bubble.focus(); }
  bubble.addEventListener("click", open);
  $(".close").addEventListener("click", close);
  root.addEventListener("keydown", function (e) { if (e.key === "Escape" && !panel.hidden) close(); });

  function scroll() { log.scrollTop = log.scrollHeight; }
  function load() { try { return localStorage.getItem(storeKey); } catch (e) { return null; } }
  function save(t) { try { localStorage.setItem(storeKey, t); } catch (e) { /* private mode: one visit only */ } }
  function id() {
    var b = new Uint8Array(12); crypto.getRandomValues(b);
    return Array.prototype.map.call(b, function (x) { return ("0" + x.toString(16)).slice(-2); }).join("");
  }
  // the browser's language tag, kept on the contact; null when it is not a plain tag
  function locale() { var l = navigator.language || ""; return /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,4}$/.test(l) ? l : null; }
  function headers(extra) {
    var h = { "Content-Type": "application/json" };
    if (token) h.Authorization = "Bearer " + token;
    for (var k in extra) h[k] = extra[k];
    return h;
  }
  function online(on) { status.textContent = on ? "Online · replies in seconds" : "Reconnecting…"; status.className = on ? "status" : "status off"; }

  function render(m, local) {
    var empty = $(".empty"); if (empty) empty.remove();
    var el = document.createElement("div");
    el.className = "msg";
    el.setAttribute("data-sender", m.sender);
    if (m.id) el.setAttribute("data-id", m.id);
    if (m.sender !== "visitor") {
      var label = document.createElement("div");
      label.className = "who-label";
      var tag = document.createElement("span");
      tag.className = "tag";
      tag.textContent = m.sender === "human" ? "TEAM" : "AI";
      label.appendChild(tag);
      label.appendChild(document.createTextNode(m.sender === "human" ? "Support team" : "Assistant"));
      el.appendChild(label);
    }
    var text = document.createElement("div");
    text.className = "text";
    text.textContent = m.text || (m.media_url ? m.media_url : "[" + m.type + "]");
    el.appendChild(text);
    if (local) {
      var state = document.createElement("span"); state.className = "state"; state.textContent = "Sending…";
      el.appendChild(state); el.setAttribute("data-status", "sending");
    }
    log.insertBefore(el, typing);
    scroll();
    return el;
  }

  function receive(m) {
    if (!m || !m.id || seen[m.id]) return;
    seen[m.id] = true; lastId = m.id;
    var mine = m.client_message_id && pending[m.client_message_id];
    if (mine) {
      mine.setAttribute("data-id", m.id); mine.setAttribute("data-status", "sent");
      var s = mine.querySelector(".state"); if (s) s.textContent = "Sent";
      delete pending[m.client_message_id];
      return;
    }
    if (m.sender !== "visitor") { showTyping(false); if (panel.hidden) { unread++; badge.textContent = unread; badge.hidden = false; } }
    render(m, false);
  }

  function showTyping(on) {
    clearTimeout(typingTimer);
    typing.hidden = !on;
    if (on) { log.appendChild(typing); scroll(); typingTimer = setTimeout(function () { typing.hidden = true; }, 30000); }
  }

  function session() {
    token = load();
    return fetch(api + "/sessions", { method: "POST", headers: headers({}), body: "{}" })
      .then(function (r) { if (!r.ok) throw new Error("session " + r.status); return r.json(); })
      .then(function (s) { token = s.token; save(token); title(s.display_name); });
  }

  function history() {
    return fetch(api + "/messages", { headers: headers({}) })
      .then(function (r) { if (!r.ok) throw new Error("history " + r.status); return r.json(); })
      .then(function (h) { h.messages.forEach(receive); });
  }

  function stream() {
    var extra = lastId ? { "Last-Event-ID": lastId } : {};
    fetch(api + "/stream", { headers: headers(extra), cache: "no-store" }).then(function (r) {
      if (r.status === 401 || r.status === 403) { token = null; return session().then(history); }
      if (!r.ok || !r.body) throw new Error("stream " + r.status);
      online(true); retry = 0;
      var reader = r.body.getReader(), decoder = new TextDecoder(), buf = "";
      function pump() {
        return reader.read().then(function (chunk) {
          if (chunk.done) return;
          buf += decoder.decode(chunk.value, { stream: true });
          var at;
          while ((at = buf.indexOf("\n\n")) >= 0) { event(buf.slice(0, at)); buf = buf.slice(at + 2); }
          return pump();
        });
      }
      return pump();
    }).catch(function () { /* dropped: reconnect below */ }).then(function () {
      online(false);
      retry = Math.min(retry + 1, 5);
      setTimeout(stream, [0, 500, 1000, 2000, 4000, 8000][retry]);
    });
  }

  function event(block) {
    var type = "message", data = "";
    block.split("\n").forEach(function (line) {
      if (line.indexOf("event:") === 0) type = line.slice(6).trim();
      else if (line.indexOf("data:") === 0) data += line.slice(5).trim();
    });
    if (!data) return;
    var payload; try { payload = JSON.parse(data); } catch (e) { return; }
    if (type === "message") receive(payload);
    else if (type === "typing") showTyping(!!payload.typing);
  }

  function start() {
    if (started) return;
    started = true;
    session().then(history).then(stream).catch(function () {
      started = false; status.textContent = "Chat unavailable"; status.className = "status off";
    });
  }

  function post(body, el, attempt) {
    fetch(api + "/messages", { method: "POST", headers: headers({}), body: body }).then(function (r) {
      if (r.status === 202) {
        if (el.getAttribute("data-status") === "sending") { el.setAttribute("data-status", "sent"); el.querySelector(".state").textContent = "Sent"; }
        note.textContent = "";
        return;
      }
      return r.json().catch(function () { return {}; }).then(function (e) {
        if (r.status === 429) note.textContent = "You're sending messages quickly — please wait " + (r.headers.get("Retry-After") || "a few") + " s.";
        else note.textContent = e.error || "The message could not be sent.";
        el.setAttribute("data-status", "failed"); el.querySelector(".state").textContent = "Not sent";
      });
    }).catch(function () {
      if (attempt < 4) setTimeout(function () { post(body, el, attempt + 1); }, 600 * (attempt + 1));
      else { el.setAttribute("data-status", "failed"); el.querySelector(".state").textContent = "Not sent"; }
    });
  }

  function send() {
    var text = input.value.trim();
    if (!text || !token) return;
    var cmid = id();
    var el = render({ sender: "visitor", text: text }, true);
    el.setAttribute("data-client-id", cmid);
    pending[cmid] = el;
    input.value = ""; grow();
    post(JSON.stringify({ text: text, client_message_id: cmid, locale: locale() }), el, 0);
  }
  form.addEventListener("submit", function (e) { e.preventDefault(); send(); });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); send(); }
  });
  function grow() {
    input.style.height = "44px";
    var h = Math.min(Math.max(input.scrollHeight + 2, 44), 120);
    input.style.height = h + "px"; input.style.overflowY = input.scrollHeight + 2 > 120 ? "auto" : "hidden";
  }
  input.addEventListener("input", grow);

  function mount() {
    document.body.appendChild(host);
    if (script.dataset.open === "true") open();
    else if (load()) start();
  }
  if (document.body) mount(); else document.addEventListener("DOMContentLoaded", mount);
})();
