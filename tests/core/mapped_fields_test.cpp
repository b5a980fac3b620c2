#include <airbridge/form_encoding.hpp>
#include <airbridge/mapped_fields.hpp>
#include <airbridge/shared_secret.hpp>

#include <catch2/catch.hpp>

using namespace airbridge;

TEST_CASE("mapped fields: JSON by dot path, arrays by index, limits on depth and count", "[core][mapped]") {
  FlatFields fields;
  std::string why;
  REQUIRE(flattenJson(R"({"a":{"b":[{"c":"x"},2.5]},"t":true,"n":null})", fields, why));
  CHECK(fields.at("a.b.0.c") == "x");
  CHECK(fields.at("a.b.1") == "2.5");
  CHECK(fields.at("t") == "true");
  CHECK(fields.count("n") == 0);
  FlatFields deep;
  CHECK_FALSE(flattenJson(std::string(17, '[') + std::string(17, ']'), deep, why));
  CHECK(why == "the JSON nests deeper than 16");
  std::string many = "[";
  for (int i = 0; i < 1100; ++i) many += (i ? ",1" : "1");
  CHECK_FALSE(flattenJson(many + "]", deep, why));
  CHECK(why == "more than 1024 values");
}

TEST_CASE("mapped fields: XML by slash path from the root, attributes, no DTD", "[core][mapped]") {
  FlatFields fields;
  std::string why;
  REQUIRE(flattenXml(R"(<R><T a="1"><Title> Glass </Title></T><T><Title>second</Title></T></R>)", fields, why));
  CHECK(fields.at("R/T/@a") == "1");
  CHECK(fields.at("R/T/Title") == "Glass");  // the first of a path wins
  FlatFields bomb;
  CHECK_FALSE(flattenXml(R"(<!DOCTYPE r [<!ENTITY a "x">]><r>&a;</r>)", bomb, why));
  CHECK_THAT(why, Catch::Matchers::Contains("DTD"));
  // Windows-1252 without a declaration.
  FlatFields latin;
  REQUIRE(flattenXml("<r><t>Caf\xe9</t></r>", latin, why));
  CHECK(latin.at("r/t") == "Caf\xc3\xa9");
}

TEST_CASE("mapped fields: lengths, times and kinds as playout systems write them", "[core][mapped]") {
  FieldMapping mapping;
  std::string problem;
  auto map = [&](FlatFields fields) { return mapTrack(fields, mapping, problem); };
  CHECK(map({{"title", "T"}, {"duration", "221"}})->duration_ms == 221000);
  CHECK(map({{"title", "T"}, {"duration", "215.32"}})->duration_ms == 215320);
  CHECK(map({{"title", "T"}, {"duration", "3:41"}})->duration_ms == 221000);
  CHECK(map({{"title", "T"}, {"duration", "01:03:41.5"}})->duration_ms == 3821500);
  CHECK_FALSE(map({{"title", "T"}, {"duration", "1:2:3:4"}}));
  CHECK_FALSE(map({{"title", "T"}, {"duration", "1e308:1"}}));
  CHECK(map({{"title", "T"}, {"started_at", "1789412592"}})->started_at == "2026-09-14T19:03:12Z");
  CHECK(map({{"title", "T"}, {"started_at", "1789412592500"}})->started_at == "2026-09-14T19:03:12.500Z");
  CHECK(map({{"title", "T"}, {"started_at", "2026-09-14T21:03:12+02:00"}})->started_at == "2026-09-14T19:03:12Z");
  CHECK_FALSE(map({{"title", "T"}, {"started_at", "teatime"}}));
  CHECK_THAT(problem, Catch::Matchers::Contains("(fields.started_at) is not a time"));
  CHECK(map({{"title", "T"}, {"kind", "Jingle"}})->kind == "link");
  CHECK(map({{"title", "T"}, {"kind", "COMMERCIAL"}})->kind == "spot");
  CHECK(map({{"title", "T"}, {"kind", "whatever"}})->kind == "song");
  CHECK_FALSE(map({{"artist", "A"}}));
  CHECK(problem == "no title: nothing at 'title' (fields.title)");
  mapping.paths["title"] = "x.y";
  CHECK(map({{"x.y", "  spaced  "}})->title == "spaced");
}

TEST_CASE("mapped fields: a track announced again without a start keeps its first arrival", "[core][mapped]") {
  ArrivalStamp stamp;
  const auto t0 = std::chrono::system_clock::time_point{} + std::chrono::hours{24 * 365 * 56};
  auto track = [](const char* title) {
    TrackEvent event;
    event.title = title;
    event.duration_ms = 60000;
    return event;
  };
  TrackEvent first = track("A"), again = track("A"), later = track("A"), other = track("B");
  stamp.stamp(first, t0);
  stamp.stamp(again, t0 + std::chrono::seconds{30});
  CHECK(again.started_at == first.started_at);
  stamp.stamp(later, t0 + std::chrono::seconds{61});  // past its length: played again
  CHECK(later.started_at != first.started_at);
  stamp.stamp(other, t0 + std::chrono::seconds{62});
  CHECK(other.started_at != later.started_at);
}

TEST_CASE("form encoding and shared secrets", "[core][mapped]") {
  std::string why;
  const auto pairs = decodeForm("a=1&b=caf%C3%A9+x&&c", 10, why);
  REQUIRE(pairs);
  CHECK(*pairs == FormPairs{{"a", "1"}, {"b", "caf\xc3\xa9 x"}, {"c", ""}});
  CHECK_FALSE(decodeForm("a=%4", 10, why));
  CHECK_FALSE(decodeForm("a&b&c", 2, why));
  CHECK(why == "more than 2 parameters");
  CHECK(sameSecret("abc", "abc"));
  CHECK_FALSE(sameSecret("abd", "abc"));
  CHECK_FALSE(sameSecret("", ""));
  HttpRequest request;
  request.headers = {{"Authorization", "Basic dXNlcjpzM2NyZXQ="}};  // user:s3cret
  CHECK(secretOf(request) == "s3cret");
  request.headers = {{"authorization", "bearer tok"}};
  CHECK(secretOf(request) == "tok");
  request.headers = {{"X-Airbridge-Secret", "x"}};
  CHECK(secretOf(request) == "x");
  request.headers = {};
  CHECK_FALSE(secretOf(request));
}
