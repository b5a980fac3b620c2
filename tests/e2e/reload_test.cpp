// SIGHUP against the built binary: the file is checked whole while the running config keeps
// serving; a broken file is reported with FILE:LINE:COL and changes nothing; what changed is
// named; /metrics counts each outcome. (Applying changes in place comes next.)

#include "support/airbridge_process.hpp"
#include "support/net_client.hpp"
#include "support/plugin_folder.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <csignal>
#include <fstream>
#include <regex>

using namespace airbridge::testing;
using Catch::Matchers::Contains;
using namespace std::chrono_literals;

TEST_CASE("reload: SIGHUP checks the file; a broken one is reported and the old config keeps running",
          "[e2e][reload]") {
  PluginFolder plugins;
  const std::string config = configPreamble(plugins.path()) +
                             "sources:\n  - plugin: zetta\n    name: studio\n    listen: 127.0.0.1:0\n"
                             "sinks:\n  - plugin: http\n    name: web\n    listen: 127.0.0.1:0\n";
  AirbridgeProcess process(config);
  const int port = process.portAfter("http listening on ");
  ZettaFeed zetta(process.portAfter("listening for Zetta on "));
  REQUIRE(process.waitForLog("running"));
  const auto file = process.directory() / "airbridge.yaml";

  ::kill(process.pid(), SIGHUP);
  CHECK(process.waitForLog("SIGHUP: " + file.string() + " checked: nothing changed"));

  // Broken: an unknown key, a bad duration and a missing plugin, all reported at once.
  std::ofstream(file) << config << "    sse_keepalive: soon\n    colour: blue\n  - plugin: nosuchplugin\n";
  ::kill(process.pid(), SIGHUP);
  CHECK(process.waitForLog("problem(s); the running config is kept"));
  const std::string log = process.log();
  // Each problem with FILE:LINE:COL.
  const std::regex located(fmt::format("SIGHUP: {}:[0-9]+:[0-9]+: .*sse_keepalive", file.string()));
  CHECK(std::regex_search(log, located));
  CHECK_THAT(log, Contains("sse_keepalive"));
  CHECK_THAT(log, Contains("colour"));
  CHECK_THAT(log, Contains("nosuchplugin"));
  // Still serving, on the old config.
  zetta.send(zettaDocument(900, "Still Running"));
  CHECK(eventually([&] { return httpGet(port, "/v1/now-playing").body.find("Still Running") != std::string::npos; }));

  // Valid, with a changed sink and an added output: named, not yet applied.
  std::ofstream(file) << config << "    demo_page: false\n  - plugin: file_write\n    name: obs\n    path: "
                      << (process.directory() / "np.txt").string() << "\n";
  ::kill(process.pid(), SIGHUP);
  CHECK(process.waitForLog("no problem; changed sink http \"web\", added sink file_write \"obs\": applying "
                           "changes in place is not supported yet, restart airbridge to apply them"));
  const std::string metrics = httpGet(port, "/metrics").body;
  CHECK_THAT(metrics, Contains(R"(airbridge_config_reloads_total{result="unchanged"} 1)"));
  CHECK_THAT(metrics, Contains(R"(airbridge_config_reloads_total{result="refused"} 1)"));
  CHECK_THAT(metrics, Contains(R"(airbridge_config_reloads_total{result="changed_restart_needed"} 1)"));
  CHECK(process.stop(SIGTERM, 5s) == 0);
}
