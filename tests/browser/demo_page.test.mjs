// The demo page in a real browser: headless Chromium (Debian's package) opens http://.../, a
// Zetta document goes in through the real Zetta port, and the page must show the new title
// within 2 s; then the page must survive a server restart (reconnect + resume).
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
const source = process.env.AIRBRIDGE_SOURCE;
assert.ok(build && source, "set AIRBRIDGE_BUILD and AIRBRIDGE_SOURCE");

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function startAirbridge(dir, httpPort, zettaPort) {
  const config = join(dir, "airbridge.yaml");
  writeFileSync(config, [
    "station: { name: Browser Test FM, timezone: America/Chicago }",
    "node: { id: browser }",
    `storage: { directory: ${join(dir, "data")} }`,  // history survives the restart below
    `plugins: { directory: ${join(build, "plugins")} }`,
    "sources:",
    "  - plugin: zetta",
    `    listen: 127.0.0.1:${zettaPort}`,
    "sinks:",
    "  - plugin: websocket",
    `    listen: 127.0.0.1:${httpPort}`,
    "  - plugin: http",
    `    listen: 127.0.0.1:${httpPort}`,
    "  - plugin: schedule",
    `    listen: 127.0.0.1:${httpPort}`,
    `    directory: ${join(source, "config/schedule")}`,
  ].join("\n") + "\n");
  const child = spawn(join(build, "airbridge"), ["--config", config], { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr.on("data", (chunk) => { log += chunk; });
  return {
    child,
    log: () => log,
    running: () => new Promise((resolve, reject) => {
      const timer = setInterval(() => {
        if (log.includes(" running:")) { clearInterval(timer); resolve(); }
      }, 20);
      setTimeout(() => { clearInterval(timer); reject(new Error("airbridge did not start:\n" + log)); }, 10000);
    }),
    stop: () => new Promise((resolve) => { child.once("exit", resolve); child.kill("SIGTERM"); }),
  };
}

function sendZetta(port, document) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => socket.end(document, resolve));
    socket.on("error", reject);
  });
}

function zettaDocument(id, title, artist) {
  return `<?xml version="1.0" encoding="utf-8"?><ZettaLite><LogEventCollection>` +
    `<LogEvent Type="SONG" StartTime="2026-09-14T19:00:00Z" Status="CURRENT" ZettaId="${id}">` +
    `<Asset Type="SONG" Title="${title}" Artist1="${artist}" Album1="Browser Album" TotalLength="200"/>` +
    `</LogEvent></LogEventCollection></ZettaLite>\n`;
}

test("the demo page shows a new track within 2 s, and again after a restart", async () => {
  const dir = mkdtempSync(join(tmpdir(), "airbridge-browser-"));
  const httpPort = await freePort();
  const zettaPort = await freePort();
  let airbridge = startAirbridge(dir, httpPort, zettaPort);
  await airbridge.running();
  // launch() starts Chromium on a fresh, temporary user-data-dir of its own every time.
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
           "--no-first-run", "--disable-component-update", "--disable-sync"],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });  // a phone
    const errors = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`http://127.0.0.1:${httpPort}/`);
    await page.waitForSelector("#status.live", { timeout: 5000 });

    await sendZetta(zettaPort, zettaDocument(1001, "Glass Harbor", "The Lowland Static"));
    await page.waitForFunction(() => document.getElementById("title").textContent === "Glass Harbor",
                               null, { timeout: 2000 });
    assert.equal(await page.textContent("#artist"), "The Lowland Static");
    // The show on air comes from the schedule through the same connection.
    assert.notEqual(await page.textContent("#program"), "");

    // A link shows as a station break, with its kind.
    await sendZetta(zettaPort, zettaDocument(1002, "Legal ID", "").replaceAll("SONG", "LINK"));
    await page.waitForFunction(() => document.getElementById("title").textContent === "Station break",
                               null, { timeout: 2000 });
    assert.match(await page.textContent("#history"), /Glass Harbor/);

    // Restart the server: the page reconnects by itself and keeps updating.
    await airbridge.stop();
    await page.waitForSelector("#status:not(.live)", { timeout: 5000 });
    airbridge = startAirbridge(dir, httpPort, zettaPort);
    await airbridge.running();
    await page.waitForSelector("#status.live", { timeout: 15000 });
    await sendZetta(zettaPort, zettaDocument(1003, "After The Restart", "Phoenix Band"));
    await page.waitForFunction(() => document.getElementById("title").textContent === "After The Restart",
                               null, { timeout: 2000 });
    await page.screenshot({ path: join(build, "demo-page.png") });
    // History came back from storage after the restart.
    assert.match(await page.textContent("#history"), /Station break/);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await airbridge.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
