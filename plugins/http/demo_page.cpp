#include "demo_page.hpp"

#include <airbridge/track_event.hpp>

namespace airbridge::http {
namespace {

// Placeholders: {{STATION}} (HTML-escaped), {{CONFIG}} (a JSON object).
constexpr const char* kPage = R"html(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{STATION}} - now playing</title>
<style>
  :root { --bg:#101418; --card:#1b2128; --text:#eef2f5; --muted:#93a1ad; --accent:#f2b33d; }
  * { box-sizing: border-box; }
  [hidden] { display: none !important; }
  body { margin:0; font:16px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; background:var(--bg); color:var(--text); }
  main { max-width: 40rem; margin: 0 auto; padding: 1rem; }
  header { display:flex; justify-content:space-between; align-items:baseline; gap:1rem; }
  h1 { font-size:1.25rem; margin:.5rem 0; }
  #status { font-size:.8rem; color:var(--muted); }
  #status.live::before { content:"\25CF "; color:#4cd07d; }
  section { background:var(--card); border-radius:.75rem; padding:1rem; margin:1rem 0; }
  h2 { font-size:.8rem; text-transform:uppercase; letter-spacing:.08em; color:var(--muted); margin:0 0 .5rem; }
  #title { font-size:1.6rem; font-weight:700; margin:0; overflow-wrap:anywhere; }
  #artist { font-size:1.1rem; margin:.2rem 0 0; }
  #album { color:var(--muted); margin:.2rem 0 0; }
  .kind { display:inline-block; font-size:.7rem; padding:.1rem .5rem; border-radius:1rem; background:var(--accent); color:#111; font-weight:700; text-transform:uppercase; }
  ul { list-style:none; margin:0; padding:0; }
  li { padding:.45rem 0; border-top:1px solid #2a323b; display:flex; justify-content:space-between; gap:1rem; }
  li:first-child { border-top:0; }
  li time { color:var(--muted); font-size:.85rem; white-space:nowrap; }
  .muted { color:var(--muted); }
</style>
</head>
<body>
<main>
  <header><h1>{{STATION}}</h1><span id="status">connecting...</span></header>
  <section aria-live="polite">
    <h2>Now playing <span id="kind" class="kind" hidden></span></h2>
    <p id="title" class="muted">Waiting for the first track...</p>
    <p id="artist"></p>
    <p id="album"></p>
  </section>
  <section><h2>Up next</h2><ul id="next"><li class="muted">-</li></ul></section>
  <section><h2>On air</h2><p id="program" class="muted">No show scheduled</p></section>
  <section><h2>Recently played</h2><ul id="history"></ul></section>
</main>
<script>
"use strict";
const config = {{CONFIG}};
const $ = (id) => document.getElementById(id);
const kindLabel = { link: "Station break", spot: "Ad break", break: "Break", voicetrack: "DJ", other: "" };

function text(el, value) { el.textContent = value || ""; }
function clock(iso) { return iso ? new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) : ""; }
function line(track) {
  const li = document.createElement("li");
  const what = document.createElement("span");
  what.textContent = track.kind === "song" ? `${track.title}${track.artist ? " - " + track.artist : ""}`
                                           : (kindLabel[track.kind] || track.title);
  const when = document.createElement("time");
  when.textContent = clock(track.started_at);
  li.append(what, when);
  return li;
}

let lastShown = null;
function showTrack(track, next) {
  if (!track) return;
  const song = track.kind === "song";
  $("title").classList.remove("muted");
  text($("title"), song ? track.title : (kindLabel[track.kind] || track.title));
  text($("artist"), song ? track.artist : track.title);
  text($("album"), song ? track.album : "");
  $("kind").hidden = song;
  text($("kind"), track.kind);
  const upcoming = $("next");
  upcoming.replaceChildren(...(next && next.length ? next.map(line) : [Object.assign(document.createElement("li"), { textContent: "-", className: "muted" })]));
  if (lastShown && lastShown.id !== track.id) {
    $("history").prepend(line(lastShown));
    while ($("history").children.length > 10) $("history").lastChild.remove();
  }
  lastShown = track;
  document.title = song ? `${track.title} - ${track.artist} | ${config.station}` : config.station;
}
function showProgram(program) {
  const el = $("program");
  if (!program || !program.name) { el.className = "muted"; text(el, "No show scheduled"); return; }
  el.className = "";
  const djs = program.djs && program.djs.length ? ` with ${program.djs.join(", ")}` : "";
  text(el, `${program.name}${djs} (until ${clock(program.ends_at)})`);
}

async function loadHistory() {
  try {
    const reply = await fetch("/v1/history?limit=11");
    if (!reply.ok) return;
    const { items } = await reply.json();
    $("history").replaceChildren(...items.slice(1).map((item) => line(item.track)));
  } catch (e) { /* the live stream still works */ }
}

function connect() {
  let session = null, seq = 0, backoff = 1000, beat = null;
  const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}${config.websocket}`;
  function open() {
    const ws = new WebSocket(url);
    ws.onmessage = (message) => {
      const { op, d, s, t } = JSON.parse(message.data);
      if (op === 1) {
        clearInterval(beat);
        beat = setInterval(() => ws.send('{"op":3,"d":null}'), d.heartbeat_interval);
        const subscribe = { topics: ["now_playing", "program"] };
        if (session) subscribe.resume = { session_id: session, seq };
        ws.send(JSON.stringify({ op: 2, d: subscribe }));
      } else if (op === 3) {
        ws.send('{"op":4,"d":null}');
      } else if (op === 0) {
        if (typeof s === "number") seq = Math.max(seq, s);
        if (t === "READY") {
          session = d.session_id;
          showTrack(d.now_playing, d.next);
          showProgram(d.program);
          loadHistory();
        } else if (t === "TRACK_CHANGED") {
          showTrack(d, d.next);
        } else if (t === "PROGRAM_CHANGED") {
          showProgram(d);
        }
        backoff = 1000;
        $("status").className = "live";
        text($("status"), "live");
      }
    };
    ws.onclose = () => {
      clearInterval(beat);
      $("status").className = "";
      text($("status"), "reconnecting...");
      setTimeout(open, backoff * (0.5 + Math.random()));
      backoff = Math.min(backoff * 2, 30000);
    };
  }
  open();
}
connect();
</script>
</body>
</html>
)html";

std::string escapeHtml(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

void replaceAll(std::string& text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

}  // namespace

std::string demoPage(const std::string& station_name, const std::string& websocket_path) {
  std::string page = kPage;
  replaceAll(page, "{{STATION}}", escapeHtml(station_name));
  // "</" inside a script would end it early; JSON allows "<\/".
  std::string config = "{\"station\":" + jsonQuote(station_name) + ",\"websocket\":" +
                       jsonQuote(websocket_path) + "}";
  replaceAll(config, "</", "<\\/");
  replaceAll(page, "{{CONFIG}}", config);
  return page;
}

}  // namespace airbridge::http
