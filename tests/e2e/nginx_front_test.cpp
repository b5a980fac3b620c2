// Debian's nginx in front of airbridge with the configuration docs/deploy.md gives (its nginx
// block is read from the document, so the two cannot drift): a WebSocket session, an SSE stream
// and REST requests over nginx's kept-alive upstream connections.

#include "support/http_rig.hpp"
#include "support/sse_test_client.hpp"
#include "support/ws_test_client.hpp"

#include <Poco/Net/ServerSocket.h>
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <csignal>
#include <filesystem>

using namespace airbridge::testing;
using Catch::Matchers::Contains;
using namespace std::chrono_literals;

namespace {

/// The first ```nginx block after "## Behind nginx" in docs/deploy.md.
std::string documentedNginxBlock() {
  const std::string doc = readText(BuildPaths::sourceDir() / "docs" / "deploy.md");
  const auto section = doc.find("## Behind nginx");
  const auto start = doc.find("```nginx\n", section);
  const auto end = doc.find("```", start + 9);
  if (section == std::string::npos || start == std::string::npos || end == std::string::npos) {
    throw std::runtime_error("docs/deploy.md has no ```nginx block under '## Behind nginx'");
  }
  return doc.substr(start + 9, end - start - 9);
}

void replaceOnce(std::string& text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  if (at == std::string::npos) throw std::runtime_error("the documented nginx block has no '" + from + "'");
  text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("nginx front: the documented nginx config passes WebSocket, SSE and REST",
          "[e2e][http][nginx]") {
  REQUIRE(std::filesystem::exists("/usr/sbin/nginx"));  // scripts/setup.sh installs nginx-light
  HttpRig rig("", "", "http:\n  trusted_proxies: [127.0.0.1]\n");
  rig.sendAndWait(zettaDocument(1, "Before The Proxy"), "Before The Proxy");

  TempDir dir;
  const int port = unusedPort();
  std::string block = documentedNginxBlock();
  replaceOnce(block, "server 127.0.0.1:8080;", fmt::format("server 127.0.0.1:{};", rig.port()));
  replaceOnce(block, "listen 443 ssl;", fmt::format("listen 127.0.0.1:{};", port));
  const auto conf = dir.write(
      "nginx.conf",
      // One process (no master): a test that fails half-way still kills all of nginx.
      fmt::format("master_process off;\nworker_processes 1;\npid {0}/nginx.pid;\nerror_log {0}/error.log;\n"
                  "events {{ worker_connections 1024; }}\n"
                  "http {{\n  access_log off;\n  client_body_temp_path {0}; proxy_temp_path {0};\n"
                  "  fastcgi_temp_path {0}; uwsgi_temp_path {0}; scgi_temp_path {0};\n{1}\n}}\n",
                  dir.path().string(), block));
  ChildProcess nginx({"/usr/sbin/nginx", "-c", conf.string(), "-g", "daemon off;"});
  REQUIRE(eventually([&] {
    try {
      return httpGet(port, "/healthz").status == 200;
    } catch (const std::exception&) {
      return false;
    }
  }));

  // REST, several requests: nginx keeps its upstream connections alive.
  for (int i = 0; i < 5; ++i) {
    const auto now = httpGet(port, "/v1/now-playing");
    CHECK(now.status == 200);
    CHECK_THAT(now.body, Contains("Before The Proxy"));
  }
  // WebSocket through the upgrade, and SSE unbuffered.
  WsTestClient ws(port, "/ws");
  REQUIRE(ws.receiveText());  // HELLO
  ws.sendText(R"({"op":2,"d":{"topics":["now_playing"]}})");
  const auto ready = ws.receiveText();
  REQUIRE(ready);
  CHECK_THAT(*ready, Contains("READY") && Contains("Before The Proxy"));
  SseClient sse(port);
  CHECK(sse.waitFor("event: READY"));

  rig.send(zettaDocument(2, "Through The Proxy"));
  const auto changed = ws.receiveText();
  REQUIRE(changed);
  CHECK_THAT(*changed, Contains("TRACK_CHANGED") && Contains("Through The Proxy"));
  CHECK(sse.waitFor("Through The Proxy"));
  // And /metrics, as a scraper behind the proxy would read it.
  const auto metrics = httpGet(port, "/metrics");
  CHECK(metrics.status == 200);
  CHECK_THAT(metrics.body, Contains("airbridge_http_requests_total"));
  CHECK(nginx.stop(SIGTERM, 5s) == 0);
}
