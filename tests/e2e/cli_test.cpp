// The command line as a station engineer uses it.

#include "support/airbridge_process.hpp"

#include <airbridge/plugin.hpp>

#include <Poco/Net/ServerSocket.h>
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <fstream>

using namespace airbridge::testing;
using Catch::Matchers::Contains;

TEST_CASE("cli: --help lists the options, an unknown option is refused", "[e2e][cli]") {
  const auto help = runToCompletion({BuildPaths::binary().string(), "--help"});
  CHECK(help.exit_code == 0);
  CHECK_THAT(help.output, Contains("--config PATH") && Contains("--check-config") &&
                              Contains("--version"));
  const auto bad = runToCompletion({BuildPaths::binary().string(), "--frobnicate"});
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.output, Contains("unknown option '--frobnicate'"));
}

TEST_CASE("cli: --version prints the host and each plugin's version", "[e2e][cli]") {
  TempDir dir;
  const auto config = dir.write("a.yaml", configPreamble());
  const auto result = runToCompletion({BuildPaths::binary().string(), "--version", "--config",
                                       config.string()});
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.output, Contains("airbridge 0.") && Contains(fmt::format("plugin API {}", airbridge::kPluginApiVersion)));
  CHECK_THAT(result.output, Contains("zetta") && Contains("1.0.0"));
}

TEST_CASE("cli: --check-config passes on the shipped config/airbridge.yaml", "[e2e][cli]") {
  const auto result = runToCompletion({BuildPaths::binary().string(), "--check-config"},
                                      std::chrono::seconds{30}, BuildPaths::sourceDir());
  INFO(result.output);
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.output, Contains("config/airbridge.yaml: OK"));
}

TEST_CASE("cli: --check-config reports an unknown key, a bad duration and a bad address at once",
          "[e2e][cli]") {
  TempDir dir;
  const auto config = dir.write("bad.yaml", configPreamble() +
                                                "bus:\n"
                                                "  dedupe_window: 10 minutes\n"
                                                "sources:\n"
                                                "  - plugin: zetta\n"
                                                "    name: studio\n"
                                                "    listen: 0.0.0.0:12a4\n"
                                                "    idel_timeout: 5m\n");
  const auto result = checkConfig(config);
  INFO(result.output);
  CHECK(result.exit_code == 1);
  const std::string file = config.string();
  CHECK_THAT(result.output, Contains(file + ":10:18: bus: dedupe_window: '10 minutes' is not a "
                                            "duration; use 500ms, 30s, 10m or 2h"));
  CHECK_THAT(result.output, Contains(file + ":14:13: sources[0] (zetta \"studio\"): listen: "
                                            "'0.0.0.0:12a4' is not an address"));
  CHECK_THAT(result.output, Contains(file + ":15:5: sources[0] (zetta \"studio\"): unknown key "
                                            "'idel_timeout'; did you mean 'idle_timeout'?"));
  CHECK_THAT(result.output, Contains("3 problem(s); nothing was started"));
}

TEST_CASE("cli: --check-config opens no socket", "[e2e][cli]") {
  // The port is taken: a real start would fail, validation must not even try.
  Poco::Net::ServerSocket taken(Poco::Net::SocketAddress("127.0.0.1", 0));
  TempDir dir;
  const auto config = dir.write("a.yaml", configPreamble() + fmt::format(
      "sources:\n  - plugin: zetta\n    listen: 127.0.0.1:{}\n", taken.address().port()));
  const auto result = checkConfig(config);
  INFO(result.output);
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.output, !Contains("listening"));
}

TEST_CASE("cli: a missing config file is one clear error", "[e2e][cli]") {
  const auto result = runToCompletion({BuildPaths::binary().string(), "--config",
                                       "/nonexistent/airbridge.yaml"});
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.output, Contains("/nonexistent/airbridge.yaml: cannot read the config file"));
}

TEST_CASE("cli: --check-config refuses durations out of range or overflowing, with the range",
          "[e2e][cli]") {
  TempDir dir;
  const auto config = dir.write("durations.yaml", configPreamble() +
                                                      "http:\n"
                                                      "  header_timeout: 200000d\n"
                                                      "bus:\n"
                                                      "  dedupe_window: 9223372036854775807ms\n"
                                                      "sources:\n"
                                                      "  - plugin: zetta\n"
                                                      "    idle_timeout: 400d\n"
                                                      "sinks:\n"
                                                      "  - plugin: http\n"
                                                      "    listen: 127.0.0.1:0\n"
                                                      "    sse_keepalive: 2d\n");
  const auto result = checkConfig(config);
  INFO(result.output);
  CHECK(result.exit_code == 1);
  const std::string file = config.string();
  // 200000d fits the parser's int64 milliseconds but overflowed the clock's nanoseconds.
  CHECK_THAT(result.output, Contains(file + ":10:19: http: header_timeout: '200000d' is longer than any "
                                            "setting allows (366d)"));
  CHECK_THAT(result.output, Contains(file + ":12:18: bus: dedupe_window: '9223372036854775807ms' is longer"));
  CHECK_THAT(result.output, Contains("idle_timeout: '400d' is longer than any setting allows"));
  CHECK_THAT(result.output, Contains("sse_keepalive: must be between 100ms and 1h (got 2d)"));
  CHECK_THAT(result.output, Contains("4 problem(s); nothing was started"));
}

TEST_CASE("cli: --check-config refuses a heartbeat the rate limit would punish, with both fixes",
          "[e2e][cli]") {
  TempDir dir;
  const auto config = dir.write("heartbeat.yaml", configPreamble() +
                                                      "sinks:\n"
                                                      "  - plugin: websocket\n"
                                                      "    listen: 127.0.0.1:0\n"
                                                      "    heartbeat_interval: 200ms\n");
  const auto result = checkConfig(config);
  INFO(result.output);
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.output, Contains(config.string() + ":12:25: sinks[0] (websocket \"websocket\"): heartbeat_interval: "
                                                       "too short for rate_limit 60: a compliant client sends 300 heartbeats and up to 10 other messages a "
                                                       "minute, so it would be closed with 4008; raise rate_limit to "
                                                       "at least 310 or heartbeat_interval to at least 1200ms"));
  // The fix it names passes.
  const auto fixed = dir.write("fixed.yaml", configPreamble() +
                                                 "sinks:\n"
                                                 "  - plugin: websocket\n"
                                                 "    listen: 127.0.0.1:0\n"
                                                 "    heartbeat_interval: 200ms\n"
                                                 "    rate_limit: 310\n");
  const auto ok = checkConfig(fixed);
  INFO(ok.output);
  CHECK(ok.exit_code == 0);
}

TEST_CASE("cli: a config file of many megabytes is refused before it is parsed", "[e2e][cli]") {
  TempDir dir;
  const auto config = dir.write("huge.yaml", configPreamble() + "# " + std::string(5 * 1024 * 1024, 'x') + "\n");
  const auto result = checkConfig(config);
  INFO(result.output.substr(0, 2000));
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.output, Contains(config.string() + ": is over 4 MiB; a config or schedule file is never that large"));
}

namespace {

/// The lines between <!-- keys:begin --> and <!-- keys:end --> of a README.
std::string keyTableIn(const std::filesystem::path& readme) {
  std::ifstream in(readme);
  std::string line, table;
  bool inside = false;
  while (std::getline(in, line)) {
    if (line.find("<!-- keys:end -->") != std::string::npos) return table;
    if (inside) table += line + '\n';
    if (line.find("<!-- keys:begin -->") != std::string::npos) inside = true;
  }
  return "(no <!-- keys:begin --> ... <!-- keys:end --> block)";
}

}  // namespace

TEST_CASE("cli: every plugin README's key table matches its declaration", "[e2e][cli]") {
  TempDir dir;
  const auto config = dir.write("a.yaml", configPreamble());
  std::size_t checked = 0;
  for (const auto& folder : std::filesystem::directory_iterator(BuildPaths::sourceDir() / "plugins")) {
    if (!folder.is_directory()) continue;
    const std::string id = folder.path().filename().string();
    DYNAMIC_SECTION(id) {
      const auto explained = runToCompletion({BuildPaths::binary().string(), "--config",
                                              config.string(), "--explain", id, "--markdown"});
      REQUIRE(explained.exit_code == 0);
      INFO("run scripts/update_key_tables.sh after changing a plugin's keys");
      CHECK(keyTableIn(folder.path() / "README.md") == explained.output);
    }
    ++checked;
  }
  CHECK(checked >= 5);
}

TEST_CASE("cli: --explain prints a plugin's keys with defaults, ranges and help", "[e2e][cli]") {
  TempDir dir;
  const auto config = dir.write("a.yaml", configPreamble());
  const auto result = runToCompletion({BuildPaths::binary().string(), "--config", config.string(),
                                       "--explain", "zetta"});
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.output, Contains("zetta 1.0.0: RCS Zetta now-playing input"));
  CHECK_THAT(result.output, Contains("idle_timeout") && Contains("10m") && Contains("100ms..1d") &&
                                Contains("silence before a link is presumed dead"));
  const auto unknown = runToCompletion({BuildPaths::binary().string(), "--config", config.string(),
                                        "--explain", "nosuch"});
  CHECK(unknown.exit_code == 1);
  CHECK_THAT(unknown.output, Contains("libairbridge_nosuch.so: no such plugin file"));
}
