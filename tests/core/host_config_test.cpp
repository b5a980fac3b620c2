#include "config/host_config.hpp"
#include "support/airbridge_process.hpp"

#include <catch2/catch.hpp>

using airbridge::core::loadHostConfig;
using airbridge::core::PluginRole;
using airbridge::testing::TempDir;
using Catch::Matchers::Contains;
using namespace std::chrono_literals;

TEST_CASE("host config: defaults and instance sections", "[core][config]") {
  TempDir dir;
  const auto file = dir.write("a.yaml",
                              "station: {name: KJHK, timezone: America/Chicago}\n"
                              "node: {id: n1}\n"
                              "bus: {dedupe_window: 5m}\n"
                              "sources:\n  - plugin: zetta\n    listen: 0.0.0.0:1\n"
                              "sinks:\n  - plugin: probe\n    name: p\n    queue_size: 8\n");
  const auto config = loadHostConfig(file.string());
  CHECK(config.problems.empty());
  CHECK(config.station.node_id == "n1");
  CHECK(config.bus.origin == "n1");
  CHECK(config.bus.dedupe_window == 5min);
  CHECK(config.bus.history_size == 200);
  REQUIRE(config.instances.size() == 2);
  CHECK(config.instances[0].role == PluginRole::source);
  CHECK(config.instances[0].name == "zetta");  // defaults to the plugin id
  CHECK(config.instances[1].queue_size == 8);
  CHECK(config.instances[1].section.where() == "sinks[0] (probe \"p\")");
}

TEST_CASE("host config: every host problem at once, with FILE:LINE:COL", "[core][config]") {
  TempDir dir;
  const auto file = dir.write("bad.yaml",
                              "statoin: {}\n"
                              "log: {level: loud}\n"
                              "bus: {history_size: 0, dedupe_window: 10 min}\n"
                              "sources:\n  - plugin: Zetta!\n  - name: x\n"
                              "sinks:\n  - plugin: probe\n    name: x\n");
  const auto config = loadHostConfig(file.string());
  const std::string all = fmt::format("{}", fmt::join(config.problems, "\n"));
  INFO(all);
  CHECK_THAT(all, Contains(file.string() + ":1:1: unknown key 'statoin'; did you mean 'station'?"));
  CHECK_THAT(all, Contains(":2:14: log: level: 'loud' is not a level"));
  CHECK_THAT(all, Contains(":3:21: bus: history_size: must be between 1 and 1000000"));
  CHECK_THAT(all, Contains(":3:39: bus: dedupe_window: '10 min' is not a duration"));
  CHECK_THAT(all, Contains(":5:13: sources[0]: plugin: 'Zetta!' is not a plugin id"));
  CHECK_THAT(all, Contains(":6:5: sources[1]: missing required key 'plugin'"));
  CHECK_THAT(all, Contains(":9:11: sinks[0] (probe \"x\"): duplicate instance name 'x'"));
}

TEST_CASE("host config: an unreadable or non-YAML file is one clear error", "[core][config]") {
  TempDir dir;
  CHECK_THROWS_WITH(loadHostConfig((dir.path() / "missing.yaml").string()),
                    Contains("cannot read the config file"));
  const auto file = dir.write("broken.yaml", "sources:\n  - plugin: [zetta\n");
  CHECK_THROWS_WITH(loadHostConfig(file.string()), Contains("broken.yaml:") && Contains("not valid YAML"));
}
