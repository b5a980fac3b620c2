// The admin page in headless Chromium (Debian's package): without the token it says 401 and
// shows nothing; with it, the live sources and sinks; a Zetta document sent during the test
// shows up there within 2 s, and so does an output's failure with the peer's answer; a reload
// that removes the output is shown, and the output is gone from the list.
//
// Needs AIRBRIDGE_BUILD (the build directory) and AIRBRIDGE_SOURCE (the source tree).

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import net from "node:net";
import { chromium } from "playwright-core";

const build = process.env.AIRBRIDGE_BUILD;
assert.ok(build, "set AIRBRIDGE_BUILD");
const token = "4f0c2a9e7b1d3c5a6e8f";

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

test("the admin page: 401 without the token, live sources and sinks with it", async () => {
  const dir = mkdtempSync(join(tmpdir(), "airbridge-admin-"));
  const [adminPort, httpPort, zettaPort, deadPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const config = join(dir, "airbridge.yaml");
  const lines = [
    "station: { name: Admin Test FM, timezone: America/Chicago }",
    "storage: { enabled: false }",
    `plugins: { directory: ${join(build, "plugins")} }`,
    `admin: { listen: 127.0.0.1:${adminPort}, token: ${token} }`,
    "sources:",
    "  - plugin: zetta",
    "    name: studio",
    `    listen: 127.0.0.1:${zettaPort}`,
    "sinks:",
    "  - plugin: http",
    `    listen: 127.0.0.1:${httpPort}`,
    "  - plugin: icecast",
    "    name: stream",
    `    url: http://127.0.0.1:${deadPort}`,
    "    mounts: [/live.mp3]",
    "    password: hackme-hackme",
    "    retry_min: 100ms",
  ];
  writeFileSync(config, lines.join("\n") + "\n");
  const child = spawn(join(build, "airbridge"), ["--config", config], { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr.on("data", (chunk) => { log += chunk; });
  await new Promise((resolve, reject) => {
    const timer = setInterval(() => { if (log.includes(" running:")) { clearInterval(timer); resolve(); } }, 20);
    setTimeout(() => { clearInterval(timer); reject(new Error("airbridge did not start:\n" + log)); }, 10000);
  });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
           "--no-first-run", "--disable-component-update", "--disable-sync"],
  });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`http://127.0.0.1:${adminPort}/admin`);

    // A wrong token: 401, and no state on the page.
    await page.fill("#token", "not-the-token-at-all");
    await page.click("button[type=submit]");
    await page.waitForFunction(() => document.getElementById("state").textContent.startsWith("401"), null, { timeout: 3000 });
    assert.equal(await page.locator("#sources tr").count(), 0);

    // The token: the live state.
    await page.fill("#token", token);
    await page.click("button[type=submit]");
    await page.waitForFunction(() => document.getElementById("state").textContent.startsWith("updated"), null, { timeout: 3000 });
    assert.match(await page.textContent("#sources"), /studio.*zetta/s);
    assert.match(await page.textContent("#sinks"), /stream.*icecast/s);
    assert.equal(await page.textContent("#onair"), "nothing yet");

    // A Zetta document during the test shows up within 2 s: on air, and as the source's last document.
    await new Promise((resolve, reject) => {
      const socket = net.connect(zettaPort, "127.0.0.1", () => socket.end(
        `<?xml version="1.0" encoding="utf-8"?><ZettaLite><LogEventCollection>` +
        `<LogEvent Type="SONG" StartTime="2026-09-14T19:00:00Z" Status="CURRENT" ZettaId="77">` +
        `<Asset Type="SONG" Title="Admin &lt;b&gt;Song&lt;/b&gt;" Artist1="Page Band" TotalLength="200"/>` +
        `</LogEvent></LogEventCollection></ZettaLite>\n`, resolve));
      socket.on("error", reject);
    });
    await page.waitForFunction(() => document.getElementById("onair").textContent.includes("Admin <b>Song</b>"),
                               null, { timeout: 2000 });
    assert.match(await page.textContent("#onair"), /from studio/);
    assert.match(await page.textContent("#sources"), /published/);
    assert.match(await page.textContent("#sources"), /on air/);
    // Text from outside stays text: no element was made of the title.
    assert.equal(await page.locator("#onair b").count(), 0);
    // The icecast output cannot reach its server: its failure, with the reason, is there too.
    await page.waitForFunction(() => document.getElementById("sinks").textContent.includes("last_failure\":{"),
                               null, { timeout: 5000 });
    assert.match(await page.textContent("#problems"), /icecast:stream/);

    // The output removed by a reload: the page says so, and lists it no more.
    writeFileSync(config, lines.slice(0, lines.indexOf("  - plugin: icecast")).join("\n") + "\n");
    child.kill("SIGHUP");
    await page.waitForFunction(() => document.getElementById("reload").textContent.includes("stopped: sink icecast"),
                               null, { timeout: 5000 });
    assert.match(await page.textContent("#reload"), /^Last reload .* applied: kept 2; /);
    assert.doesNotMatch(await page.textContent("#sinks"), /stream/);
    await page.screenshot({ path: join(build, "admin-page.png"), fullPage: true });
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await new Promise((resolve) => { child.once("exit", resolve); child.kill("SIGTERM"); });
    rmSync(dir, { recursive: true, force: true });
  }
});
