// The admin view against the built binary: /admin/status behind its token (401 without it or
// with a wrong one), each source's last document and failover state, each output's last
// failure with the peer's answer, the last warnings, /metrics moved there; bad admin config.

#include "support/airbridge_process.hpp"
#include "support/net_client.hpp"
#include "support/plugin_folder.hpp"
#include "support/raw_connection.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <fstream>

using namespace airbridge::testing;
using Catch::Matchers::Contains;
using namespace std::chrono_literals;

namespace {
const std::string kToken = "a7c3e9f1b2d4068e5a1c";
const std::map<std::string, std::string> kBearer{{"Authorization", "Bearer " + kToken}};
}  // namespace

TEST_CASE("admin: status behind the token, with sources, outputs and the last problems", "[e2e][admin]") {
  PluginFolder plugins;
  const int refused = unusedPort();  // nothing listens: every webhook delivery fails
  const int admin = unusedPort();
  AirbridgeProcess process(
      configPreamble(plugins.path()) +
      "admin:\n  listen: 127.0.0.1:" + std::to_string(admin) + "\n  token: " + kToken + "\n  metrics_on_admin: true\n"
      "sources:\n  - plugin: zetta\n    name: studio\n    listen: 127.0.0.1:0\n"
      "sinks:\n  - plugin: http\n    listen: 127.0.0.1:0\n    metrics: false\n"
      "  - plugin: webhook\n    name: hook\n    url: http://127.0.0.1:" + std::to_string(refused) + "/x\n"
      "    retry_min: 100ms\n    retry_max: 200ms\n");
  ZettaFeed zetta(process.portAfter("listening for Zetta on "));
  REQUIRE(process.waitForLog("running"));

  auto get = [&](const std::string& path, const std::map<std::string, std::string>& headers) {
    return httpRequest(admin, "GET", path, "", headers);
  };
  const auto none = get("/admin/status", {});
  CHECK(none.status == 401);
  CHECK(none.headers.at("WWW-Authenticate") == "Bearer realm=\"airbridge admin\"");
  CHECK(get("/admin/status", {{"Authorization", "Bearer a7c3e9f1b2d4068e5a1d"}}).status == 401);
  CHECK(get("/metrics", {}).status == 401);
  const auto page = get("/admin", {});
  CHECK(page.status == 200);
  CHECK_THAT(page.body, Contains("<title>airbridge admin</title>"));

  // Slow and silent clients on the admin listener hold only their own connections.
  std::vector<std::unique_ptr<RawConnection>> slow;
  for (int i = 0; i < 6; ++i) {
    slow.push_back(std::make_unique<RawConnection>(admin));
    if (i % 2 == 0) slow.back()->send("GET /admin/status HTTP/1.1\r\nHost: a\r\nAuthorization: Bea");
  }
  const auto started = std::chrono::steady_clock::now();
  CHECK(get("/admin/status", kBearer).status == 200);
  CHECK(std::chrono::steady_clock::now() - started < 2s);

  zetta.send(zettaDocument(501, "Admin Song", "Admin Band"));
  std::string status;
  REQUIRE(eventually([&] {
    status = get("/admin/status", kBearer).body;
    return status.find(R"("last_failure":{)") != std::string::npos;
  }, 8s));
  const auto json = jsonObject(status);
  CHECK(json->getValue<std::string>("on_air_source") == "studio");
  CHECK(json->getObject("now_playing")->getValue<std::string>("title") == "Admin Song");
  const auto source = json->getArray("sources")->getObject(0);
  CHECK(source->getValue<std::string>("name") == "studio");
  CHECK(source->getObject("status")->getValue<int>("documents") == 1);
  CHECK(source->getObject("status")->getObject("last")->getValue<std::string>("outcome") == "published");
  CHECK(source->getObject("failover")->getValue<bool>("on_air"));
  const auto hook = json->getArray("sinks")->getObject(1);
  CHECK(hook->getValue<std::string>("name") == "hook");
  CHECK_THAT(hook->getObject("status")->getObject("last_failure")->getValue<std::string>("answer"),
             Contains("127.0.0.1:" + std::to_string(refused)));
  CHECK_THAT(hook->getObject("last_problem")->getValue<std::string>("message"), Contains("could not deliver"));
  CHECK_THAT(status, Contains(R"("where":"webhook:hook")"));
  const auto metrics = get("/metrics", kBearer);
  CHECK(metrics.status == 200);
  CHECK_THAT(metrics.body, Contains("airbridge_source_last_event_timestamp_seconds{source=\"studio\"}"));
  CHECK_THAT(metrics.body, Contains("process_open_fds "));
  // metrics: false took /metrics off the public port.
  const std::string log = process.log();
  int publicPort = 0;
  for (auto at = log.find("http listening on 127.0.0.1:"); at != std::string::npos;
       at = log.find("http listening on 127.0.0.1:", at + 1)) {
    const std::string line = log.substr(at, log.find('\n', at) - at);
    if (line.find("(paths: /)") != std::string::npos) publicPort = std::stoi(line.substr(28));
  }
  REQUIRE(publicPort != 0);
  CHECK(publicPort != admin);
  CHECK(httpGet(publicPort, "/healthz").status == 200);
  const auto hidden = httpGet(publicPort, "/metrics");
  CHECK(hidden.status == 404);
  CHECK_THAT(hidden.body, Contains("served on the admin listener only"));
}

TEST_CASE("admin: a short token or a missing listen is a config error", "[e2e][admin]") {
  TempDir dir;
  const auto config = dir.path() / "airbridge.yaml";
  std::ofstream(config) << configPreamble() << "admin:\n  listen: 127.0.0.1:0\n  token: short\n"
                        << "sinks:\n  - plugin: http\n    listen: 127.0.0.1:0\n";
  const auto result = checkConfig(config);
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.output, Contains("airbridge.yaml:11:10: admin: token: is 5 characters; use at least 16"));
  std::ofstream(config) << configPreamble() << "admin:\n  token: 0123456789abcdef0123\n";
  const auto missing = checkConfig(config);
  CHECK(missing.exit_code == 1);
  CHECK_THAT(missing.output, Contains("listen"));
}
