#include <airbridge/config_section.hpp>

#include <catch2/catch.hpp>

using airbridge::Duration;
using airbridge::formatDuration;
using airbridge::parseDuration;
using namespace std::chrono_literals;

TEST_CASE("durations: the spellings the config accepts", "[core][duration]") {
  Duration d{};
  REQUIRE(parseDuration("500ms", d));
  CHECK(d == 500ms);
  REQUIRE(parseDuration("30s", d));
  CHECK(d == 30s);
  REQUIRE(parseDuration("10m", d));
  CHECK(d == 10min);
  REQUIRE(parseDuration("2h", d));
  CHECK(d == 2h);
  REQUIRE(parseDuration("1h30m", d));
  CHECK(d == 90min);
}

TEST_CASE("durations: what is not a duration is refused", "[core][duration]") {
  Duration d{};
  for (const char* bad : {"", "10", "10 min", "10min", "m", "-5s", "1.5s", "5x", "s10",
                          "99999999999999999999h", "106751991168d", "9223372036854775807ms1ms",
                          "106751991167300d1h"}) {
    INFO(bad);
    CHECK_FALSE(parseDuration(bad, d));
  }
}

TEST_CASE("durations: formatted in the largest exact unit", "[core][duration]") {
  CHECK(formatDuration(600'000ms) == "10m");
  CHECK(formatDuration(1500ms) == "1500ms");
  CHECK(formatDuration(2h) == "2h");
  CHECK(formatDuration(90s) == "90s");
  CHECK(formatDuration(0ms) == "0s");
}
