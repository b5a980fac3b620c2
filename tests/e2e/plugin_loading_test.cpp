// Broken plugin files are refused with one message naming the file and the fix, and nothing
// starts.

#include "support/airbridge_process.hpp"

#include <Poco/Net/ServerSocket.h>
#include <catch2/catch.hpp>
#include <fmt/format.h>

using namespace airbridge::testing;
using Catch::Matchers::Contains;

namespace {

ProcessResult runWith(const std::string& instances) {
  TempDir dir;
  const auto config = dir.write("a.yaml", configPreamble(BuildPaths::testPlugins()) + instances);
  return runToCompletion({BuildPaths::binary().string(), "--config", config.string()});
}

}  // namespace

TEST_CASE("plugins: each broken plugin file is refused and the process exits non-zero",
          "[e2e][plugins]") {
  const std::string dir = BuildPaths::testPlugins().string();
  struct Case {
    std::string plugin;
    std::string message;
  };
  const std::vector<Case> cases{
      {"absent", dir + "/libairbridge_absent.so: no such plugin file; check plugins.directory"},
      {"notaplugin", dir + "/libairbridge_notaplugin.so: is not an airbridge plugin"},
      {"oldapi", dir + "/libairbridge_oldapi.so: was built for plugin API 0, this airbridge"},
      {"misnamed", dir + "/libairbridge_misnamed.so: calls itself 'something_else'"},
      {"throwing", dir + "/libairbridge_throwing.so: the plugin refused this instance: cannot "
                         "reach the license server"},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.plugin) {
      const auto result = runWith("sources:\n  - plugin: " + c.plugin + "\n");
      INFO(result.output);
      CHECK(result.exit_code == 1);
      CHECK_THAT(result.output, Contains(c.message));
      CHECK_THAT(result.output, Contains("nothing was started"));
      CHECK_THAT(result.output, !Contains("running"));
    }
  }
}

TEST_CASE("plugins: a plugin that takes events, listed as a source, is told where it belongs",
          "[e2e][plugins]") {
  const auto result = runWith("sources:\n  - plugin: probe\n    listen: 127.0.0.1:0\n");
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.output, Contains("plugin 'probe' takes events (an output); move it under sinks:"));
}

TEST_CASE("plugins: a start failure stops what already started and exits non-zero",
          "[e2e][plugins]") {
  Poco::Net::ServerSocket taken(Poco::Net::SocketAddress("127.0.0.1", 0));
  TempDir dir;
  const auto config = dir.write("a.yaml", configPreamble() + fmt::format(
      "sources:\n"
      "  - plugin: zetta\n    name: first\n    listen: 127.0.0.1:0\n"
      "  - plugin: zetta\n    name: second\n    listen: 127.0.0.1:{}\n", taken.address().port()));
  const auto result = runToCompletion({BuildPaths::binary().string(), "--config", config.string()});
  INFO(result.output);
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.output, Contains("sources[1] (zetta \"second\"): could not start: cannot "
                                     "listen for Zetta on 127.0.0.1:"));
  CHECK_THAT(result.output, !Contains("running"));
}
