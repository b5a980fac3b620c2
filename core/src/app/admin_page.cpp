// The admin page: plain HTML and JS served by the host, no build step. It asks for the admin
// token once (kept in the tab's sessionStorage), then polls /admin/status every second. Every
// value from outside (titles, peers' answers) goes into the page as text, never as HTML.

#include "app/admin_view.hpp"

namespace airbridge::core {

const std::string& adminPage() {
  static const std::string kPage = R"HTML(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>airbridge admin</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; }
  h1 { font-size: 1.3em; margin: 0 0 .3em; }
  h2 { font-size: 1.05em; margin: 1.4em 0 .4em; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: .25em .6em; border-bottom: 1px solid #ddd; vertical-align: top; }
  th { background: #f4f4f4; font-weight: 600; }
  .on { color: #0a7d2c; font-weight: 600; }
  .bad { color: #b00020; }
  code { font-size: 12px; white-space: pre-wrap; word-break: break-all; }
  #state { margin: .5em 0; }
</style>
</head>
<body>
<h1 id="title">airbridge</h1>
<div id="summary"></div>
<div id="reload"></div>
<form id="login">
  <label>Admin token <input id="token" type="password" autocomplete="off" size="40"></label>
  <button type="submit">Show</button>
</form>
<div id="state">Enter the admin token (admin.token in airbridge.yaml).</div>
<h2>On air</h2>
<div id="onair">-</div>
<h2>Sources</h2>
<table><thead><tr><th>name</th><th>plugin</th><th>priority</th><th>on air</th><th>live until</th>
<th>documents</th><th>last document</th><th>last problem</th></tr></thead><tbody id="sources"></tbody></table>
<h2>Sinks and outputs</h2>
<table><thead><tr><th>name</th><th>plugin</th><th>delivered</th><th>dropped</th><th>state</th>
<th>last problem</th></tr></thead><tbody id="sinks"></tbody></table>
<h2>Last warnings and errors</h2>
<table><thead><tr><th>at</th><th>level</th><th>where</th><th>message</th></tr></thead><tbody id="problems"></tbody></table>
<script>
"use strict";
const $ = (id) => document.getElementById(id);
let token = sessionStorage.getItem("airbridge-admin-token") || "";

function cell(row, text, className) {
  const td = row.insertCell();
  td.textContent = text === null || text === undefined ? "-" : String(text);
  if (className) td.className = className;
  return td;
}
function problemText(problem) { return problem ? problem.at + " " + problem.message : "-"; }
function fill(body, items, columns) {
  body.replaceChildren();
  for (const item of items) {
    const row = body.insertRow();
    for (const column of columns) column(row, item);
  }
}

function render(status) {
  $("title").textContent = status.station + " - airbridge " + status.version;
  $("summary").textContent = "node " + status.node + ", up since " + status.started_at +
    ", last event #" + status.last_sequence;
  const reload = status.last_reload;
  $("reload").textContent = reload ? "Last reload " + reload.at + ": " + reload.summary : "";
  $("reload").className = reload && reload.result !== "applied" && reload.result !== "unchanged" ? "bad" : "";
  const now = status.now_playing;
  $("onair").textContent = now ? now.kind + ": " + now.title + (now.artist ? " - " + now.artist : "") +
    " (from " + (status.on_air_source || now.source) + ")" : "nothing yet";
  fill($("sources"), status.sources, [
    (r, s) => cell(r, s.name), (r, s) => cell(r, s.plugin),
    (r, s) => cell(r, s.failover.priority),
    (r, s) => cell(r, s.failover.on_air ? "on air" : "", s.failover.on_air ? "on" : ""),
    (r, s) => cell(r, s.failover.live_until),
    (r, s) => cell(r, s.status.documents),
    (r, s) => cell(r, s.status.last ? s.status.last.at + " from " + s.status.last.from + ": " + s.status.last.outcome : "-"),
    (r, s) => cell(r, problemText(s.last_problem), s.last_problem ? "bad" : ""),
  ]);
  fill($("sinks"), status.sinks, [
    (r, s) => cell(r, s.name), (r, s) => cell(r, s.plugin),
    (r, s) => cell(r, s.mailbox ? s.mailbox.delivered : "-"),
    (r, s) => cell(r, s.mailbox ? s.mailbox.dropped : "-"),
    (r, s) => { const c = cell(r, ""); const code = document.createElement("code");
                code.textContent = JSON.stringify(s.status); c.append(code); },
    (r, s) => cell(r, problemText(s.last_problem), s.last_problem ? "bad" : ""),
  ]);
  fill($("problems"), status.recent_problems.slice().reverse(), [
    (r, p) => cell(r, p.at), (r, p) => cell(r, p.level, "bad"), (r, p) => cell(r, p.where),
    (r, p) => cell(r, p.message),
  ]);
}

async function poll() {
  if (!token) return;
  try {
    const answer = await fetch("/admin/status", { headers: { Authorization: "Bearer " + token }, cache: "no-store" });
    if (answer.status === 401) {
      $("state").textContent = "401: the admin token is wrong or missing.";
      $("state").className = "bad";
      return;
    }
    if (!answer.ok) throw new Error("HTTP " + answer.status);
    render(await answer.json());
    $("state").textContent = "updated " + new Date().toLocaleTimeString();
    $("state").className = "";
  } catch (error) {
    $("state").textContent = "airbridge does not answer: " + error.message;
    $("state").className = "bad";
  }
}

$("login").addEventListener("submit", (event) => {
  event.preventDefault();
  token = $("token").value.trim();
  sessionStorage.setItem("airbridge-admin-token", token);
  poll();
});
setInterval(poll, 1000);
poll();
</script>
</body>
</html>
)HTML";
  return kPage;
}

}  // namespace airbridge::core
