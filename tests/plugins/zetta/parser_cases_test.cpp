// Data-driven: every cases/<name>/input.xml is parsed and compared with cases/<name>/expected.json,
// which holds {"on_air": <event or null>} or {"error": "<part of the rejection reason>"}.
// A new Zetta sample is a new folder, not new code.

#include "support/airbridge_process.hpp"
#include "support/net_client.hpp"
#include "zetta_event_parser.hpp"

#include <Poco/JSON/Parser.h>
#include <fmt/format.h>
#include <catch2/catch.hpp>

#include <filesystem>

using namespace airbridge;
using airbridge::testing::BuildPaths;
using airbridge::testing::readText;

namespace {

Poco::Dynamic::Var parseJson(const std::string& text) {
  Poco::JSON::Parser parser;
  return parser.parse(text);
}

/// Structural equality; reports the first difference by path.
bool sameJson(const Poco::Dynamic::Var& a, const Poco::Dynamic::Var& b, const std::string& path,
              std::string& difference) {
  using Poco::JSON::Array;
  using Poco::JSON::Object;
  if (a.isEmpty() || b.isEmpty()) {
    if (a.isEmpty() != b.isEmpty()) difference = path + ": null vs non-null";
    return a.isEmpty() == b.isEmpty();
  }
  if (a.type() == typeid(Object::Ptr) && b.type() == typeid(Object::Ptr)) {
    auto x = a.extract<Object::Ptr>();
    auto y = b.extract<Object::Ptr>();
    std::vector<std::string> xk, yk;
    x->getNames(xk);
    y->getNames(yk);
    if (xk != yk) {
      difference = path + ": different keys";
      return false;
    }
    for (const auto& key : xk) {
      if (!sameJson(x->get(key), y->get(key), path + "." + key, difference)) return false;
    }
    return true;
  }
  if (a.type() == typeid(Array::Ptr) && b.type() == typeid(Array::Ptr)) {
    auto x = a.extract<Array::Ptr>();
    auto y = b.extract<Array::Ptr>();
    if (x->size() != y->size()) {
      difference = path + ": different lengths";
      return false;
    }
    for (unsigned i = 0; i < x->size(); ++i) {
      if (!sameJson(x->get(i), y->get(i), fmt::format("{}[{}]", path, i), difference)) return false;
    }
    return true;
  }
  if (a.toString() != b.toString()) {
    difference = fmt::format("{}: '{}' vs '{}'", path, a.toString(), b.toString());
    return false;
  }
  return true;
}

}  // namespace

TEST_CASE("zetta parser: every case folder gives its expected.json", "[zetta][parser]") {
  std::vector<std::filesystem::path> cases;
  for (const auto& entry : std::filesystem::directory_iterator(BuildPaths::zettaCases())) {
    cases.push_back(entry.path());
  }
  std::sort(cases.begin(), cases.end());
  REQUIRE(cases.size() >= 10);
  for (const auto& folder : cases) {
    DYNAMIC_SECTION(folder.filename().string()) {
      const std::string input = readText(folder / "input.xml");
      const auto expected = parseJson(readText(folder / "expected.json")).extract<Poco::JSON::Object::Ptr>();
      if (expected->has("error")) {
        REQUIRE_THROWS_WITH(zetta::parseZettaDocument(input, "studio"),
                            Catch::Matchers::Contains(expected->getValue<std::string>("error")));
        continue;
      }
      const auto announcement = zetta::parseZettaDocument(input, "studio");
      if (!announcement.on_air) {
        CHECK(expected->isNull("on_air"));
        continue;
      }
      const std::string actual = toJson(*announcement.on_air);
      INFO("actual: " << actual);
      std::string difference;
      CHECK(sameJson(parseJson(actual), expected->get("on_air"), "on_air", difference));
      INFO(difference);
      CHECK(difference.empty());
    }
  }
}

TEST_CASE("zetta parser: the kinds", "[zetta][parser]") {
  CHECK(zetta::kindOfZettaType("SONG") == "song");
  CHECK(zetta::kindOfZettaType("link") == "link");
  CHECK(zetta::kindOfZettaType("SPOT") == "spot");
  CHECK(zetta::kindOfZettaType("BREAK") == "break");
  CHECK(zetta::kindOfZettaType("VOICETRACK") == "voicetrack");
  CHECK(zetta::kindOfZettaType("MACRO") == "other");
  CHECK(zetta::kindOfZettaType("") == "other");
}
