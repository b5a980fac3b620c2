#include "support/config_fixture.hpp"

#include <catch2/catch.hpp>

using airbridge::ConfigError;
using airbridge::Duration;
using airbridge::SocketAddress;
using airbridge::testing::sectionFromYaml;
using Catch::Matchers::Contains;
using namespace std::chrono_literals;

namespace {
std::vector<std::string> problemsOf(const airbridge::ConfigSection& section) {
  try {
    section.finish();
  } catch (const ConfigError& e) {
    return e.problems();
  }
  return {};
}
}  // namespace

TEST_CASE("config section: typed values and defaults", "[core][config]") {
  auto section = sectionFromYaml("name: studio\nport: 42\non: yes\nwait: 30s\n"
                                 "at: 127.0.0.1:9\nlist: [a, b]\nratio: 0.5\n");
  CHECK(section.required<std::string>("name") == "studio");
  CHECK(section.required<int>("port") == 42);
  CHECK(section.required<bool>("on"));
  CHECK(section.required<Duration>("wait") == 30s);
  CHECK(section.required<SocketAddress>("at") == SocketAddress("127.0.0.1", 9));
  CHECK(section.required<std::vector<std::string>>("list") == std::vector<std::string>{"a", "b"});
  CHECK(section.required<double>("ratio") == 0.5);
  CHECK(section.optional<int>("absent", 7) == 7);
  CHECK_NOTHROW(section.finish());
}

TEST_CASE("config section: an unknown key is reported with position and a suggestion",
          "[core][config]") {
  auto section = sectionFromYaml("name: studio\nlistne: 0.0.0.0:1234\n");
  section.required<std::string>("name");
  section.optional<SocketAddress>("listen", {});
  const auto problems = problemsOf(section);
  REQUIRE(problems.size() == 1);
  CHECK_THAT(problems[0], Contains("test.yaml:2:1: test: unknown key 'listne'; did you mean "
                                   "'listen'?") && Contains("allowed: listen, name"));
}

TEST_CASE("config section: every problem is collected, not just the first", "[core][config]") {
  auto section = sectionFromYaml("port: many\nwait: 10 min\nat: nowhere\nflag: maybe\n");
  section.optional<int>("port", 1);
  section.optional<Duration>("wait", 1s);
  section.optional<SocketAddress>("at", {});
  section.optional<bool>("flag", false);
  section.required<std::string>("name");
  const auto problems = problemsOf(section);
  REQUIRE(problems.size() == 5);
  CHECK_THAT(problems[0], Contains("test.yaml:1:7:") && Contains("expected a whole number"));
  CHECK_THAT(problems[1], Contains("test.yaml:2:7:") && Contains("'10 min' is not a duration; use "
                                                                 "500ms, 30s, 10m or 2h"));
  CHECK_THAT(problems[2], Contains("test.yaml:3:5:") && Contains("is not an address"));
  CHECK_THAT(problems[3], Contains("expected true or false"));
  CHECK_THAT(problems[4], Contains("test.yaml:1:1:") && Contains("missing required key 'name'"));
}

TEST_CASE("config section: a duplicate key is an error", "[core][config]") {
  auto section = sectionFromYaml("name: a\nname: b\n");
  section.required<std::string>("name");
  const auto problems = problemsOf(section);
  REQUIRE(problems.size() == 1);
  CHECK_THAT(problems[0], Contains("test.yaml:2:1:") && Contains("duplicate key 'name'"));
}

TEST_CASE("config section: nested sections and lists carry their own positions",
          "[core][config]") {
  auto section = sectionFromYaml("filters:\n  - field: title\n    mtach: x\n");
  for (const auto& filter : section.list("filters")) filter.required<std::string>("field");
  const auto problems = problemsOf(section);
  REQUIRE(problems.size() == 1);
  CHECK_THAT(problems[0], Contains("test.yaml:3:5: test.filters[0]: unknown key 'mtach'"));
}

TEST_CASE("config section: a key the plugin never read is unknown even if it exists",
          "[core][config]") {
  // Guards the unused-key check itself: it must not silently vanish in a refactor.
  auto section = sectionFromYaml("name: x\nextra: 1\n");
  section.required<std::string>("name");
  CHECK_THROWS_WITH(section.finish(), Contains("unknown key 'extra'"));
}
