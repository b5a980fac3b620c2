#include "support/config_fixture.hpp"
#include "zetta_config.hpp"

#include <catch2/catch.hpp>

using airbridge::testing::sectionFromYaml;
using airbridge::zetta::ZettaConfig;
using Catch::Matchers::Contains;
using namespace std::chrono_literals;

TEST_CASE("zetta config: defaults are the ones the README documents", "[zetta][config]") {
  const ZettaConfig config = ZettaConfig::keys().parse(sectionFromYaml("{}"));
  REQUIRE(config.listen);
  CHECK(config.listen->toString() == "0.0.0.0:1234");
  CHECK_FALSE(config.connect);
  CHECK(config.idle_timeout == 10min);
  CHECK(config.max_document_size == 1024 * 1024);
  CHECK(config.max_connections == 8);
  CHECK(config.reconnect_min == 1s);
  CHECK(config.reconnect_max == 30s);
}

TEST_CASE("zetta config: a misspelled key is rejected with position and a suggestion",
          "[zetta][config]") {
  REQUIRE_THROWS_WITH(ZettaConfig::keys().parse(sectionFromYaml("listen: 0.0.0.0:1234\nidle_timout: 5m\n")),
                      Contains("2:1:") && Contains("did you mean 'idle_timeout'?"));
}

TEST_CASE("zetta config: every bad value at once", "[zetta][config]") {
  const auto section = sectionFromYaml("connect: zetta:0\nidle_timeout: 0s\nmax_document_size: huge\n"
                                       "max_connections: 0\nallow: [10.0.0.0/40]\nhttp_path: zetta\n");
  try {
    ZettaConfig::keys().parse(section);
    FAIL("expected a ConfigError");
  } catch (const airbridge::ConfigError& e) {
    CHECK(e.problems().size() == 7);
    const std::string all = e.what();
    CHECK_THAT(all, Contains("connect: needs a real port"));
    CHECK_THAT(all, Contains("idle_timeout: must be between 100ms and 1d (got 0s)"));
    CHECK_THAT(all, Contains("max_document_size: 'huge' is not a size"));
    CHECK_THAT(all, Contains("max_connections: must be between 1 and 1000"));
    CHECK_THAT(all, Contains("allow: '/40' is not a prefix length"));
    CHECK_THAT(all, Contains("http_path: 'zetta' must start with '/'"));
    CHECK_THAT(all, Contains("http_path: has no effect without http_listen"));
  }
}

TEST_CASE("zetta config: sizes", "[zetta][config]") {
  std::size_t size = 0;
  REQUIRE(airbridge::zetta::parseByteSize("512KiB", size));
  CHECK(size == 512 * 1024);
  REQUIRE(airbridge::zetta::parseByteSize("2MiB", size));
  CHECK(size == 2 * 1024 * 1024);
  REQUIRE(airbridge::zetta::parseByteSize("4096", size));
  CHECK(size == 4096);
  CHECK_FALSE(airbridge::zetta::parseByteSize("1.5MiB", size));
  CHECK_FALSE(airbridge::zetta::parseByteSize("MiB", size));
}
