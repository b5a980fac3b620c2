// Declared keys: one declaration gives the parse, the defaults, the range errors and the docs.
#include <airbridge/config_keys.hpp>
#include <catch2/catch.hpp>

#include "support/config_fixture.hpp"

using namespace airbridge;
using airbridge::testing::sectionFromYaml;
using Catch::Matchers::Contains;
using namespace std::chrono_literals;

namespace {

enum class Mode { fast, careful };

struct Part {
  bool shared = true;
  static const ConfigKeys<Part>& keys() {
    static const auto keys =
        ConfigKeys<Part>().key("shared", &Part::shared, "a key many plugins have");
    return keys;
  }
};

struct Example {
  SocketAddress listen{"0.0.0.0", 8080};
  std::optional<SocketAddress> relay;
  Duration wait = 30s;
  std::size_t queue = 1024;
  int loops = 2;
  Mode mode = Mode::fast;
  std::vector<std::string> origins;
  Part part;

  static const ConfigKeys<Example>& keys() {
    static const auto keys =
        ConfigKeys<Example>()
            .key("listen", &Example::listen, "where to listen")
            .key("relay", &Example::relay, "optional relay")
            .key("wait", &Example::wait, between(100ms, Duration{10min}), "how long to wait")
            .key("queue", &Example::queue, between<std::int64_t>(1, 4096), "queued items")
            .key("loops", &Example::loops, between(1, 64), "threads")
            .choice("mode", &Example::mode, {{"fast", Mode::fast}, {"careful", Mode::careful}},
                    "how")
            .key("origins", &Example::origins, "allowed origins")
            .include(Part::keys(), &Example::part)
            .check([](const ConfigSection& section, Example& config) {
              if (config.mode == Mode::careful && config.loops > 1)
                section.fail("loops", "careful runs one loop");
            });
    return keys;
  }
};

std::vector<std::string> problemsOf(const std::string& yaml) {
  try {
    Example::keys().parse(sectionFromYaml(yaml));
  } catch (const ConfigError& e) {
    return e.problems();
  }
  return {};
}

}  // namespace

TEST_CASE("config keys: absent keys keep the struct's defaults, present ones are read",
          "[core][config]") {
  const Example defaults = Example::keys().parse(sectionFromYaml("{}"));
  CHECK(defaults.listen == SocketAddress("0.0.0.0", 8080));
  CHECK_FALSE(defaults.relay);
  CHECK(defaults.wait == 30s);
  CHECK(defaults.queue == 1024);
  CHECK(defaults.mode == Mode::fast);
  CHECK(defaults.part.shared);

  const Example read = Example::keys().parse(sectionFromYaml(
      "listen: 127.0.0.1:9\nrelay: 10.0.0.1:1234\nwait: 2m\nqueue: 7\nloops: 1\nmode: careful\n"
      "origins: [a, b]\nshared: false\n"));
  CHECK(read.listen == SocketAddress("127.0.0.1", 9));
  CHECK(read.relay == SocketAddress("10.0.0.1", 1234));
  CHECK(read.wait == 2min);
  CHECK(read.queue == 7);
  CHECK(read.mode == Mode::careful);
  CHECK(read.origins == std::vector<std::string>{"a", "b"});
  CHECK_FALSE(read.part.shared);
}

TEST_CASE("config keys: every problem at once, each at its position", "[core][config]") {
  const auto problems = problemsOf("wait: 5ms\nqueue: -1\nloops: 65\nmode: reckless\nwiat: 1s\n");
  std::string all;
  for (const auto& p : problems) all += p + "\n";
  INFO(all);
  CHECK(problems.size() == 5);
  CHECK_THAT(all, Contains(":1:7: ") && Contains("wait: must be between 100ms and 10m (got 5ms)"));
  CHECK_THAT(all, Contains(":2:8: ") && Contains("queue: must be between 1 and 4096 (got -1)"));
  CHECK_THAT(all, Contains("loops: must be between 1 and 64 (got 65)"));
  CHECK_THAT(all, Contains("mode: 'reckless' is not one of fast, careful"));
  CHECK_THAT(all, Contains("wiat") && Contains("did you mean 'wait'"));
}

TEST_CASE("config keys: a rule over several keys runs after every key", "[core][config]") {
  const auto problems = problemsOf("mode: careful\nloops: 4\n");
  REQUIRE(problems.size() == 1);
  CHECK_THAT(problems[0], Contains("loops: careful runs one loop"));
}

TEST_CASE("config keys: the docs come from the same declaration", "[core][config]") {
  const auto& docs = Example::keys().docs();
  REQUIRE(docs.size() == 8);
  CHECK(docs[0].name == "listen");
  CHECK(docs[0].type == "address");
  CHECK(docs[0].default_value == "0.0.0.0:8080");
  CHECK(docs[1].default_value == "none");
  CHECK(docs[2].type == "duration");
  CHECK(docs[2].default_value == "30s");
  CHECK(docs[2].range == "100ms..10m");
  CHECK(docs[3].range == "1..4096");
  CHECK(docs[5].type == "one of fast, careful");
  CHECK(docs[5].default_value == "fast");
  CHECK(docs[7].name == "shared");
  const std::string table = keyTableMarkdown(docs);
  CHECK_THAT(table, Contains("| key | type | default | range | meaning |"));
  CHECK_THAT(table, Contains("| `wait` | duration | `30s` | `100ms..10m` | how long to wait |"));
}
