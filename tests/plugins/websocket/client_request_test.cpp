// What a v1 client may send, read without a socket: each shape the protocol allows, and each
// mistake refused with the reason the close frame (4002) carries.

#include "v1_protocol.hpp"

#include <catch2/catch.hpp>

using namespace airbridge::websocket;
using Catch::Matchers::Contains;

TEST_CASE("client request: SUBSCRIBE with topics and an optional resume", "[websocket][protocol]") {
  std::string why;
  const auto both = parseClientRequest(R"({"op":2,"d":{"topics":["now_playing","program"]}})", why);
  REQUIRE(both);
  CHECK(both->op == op::subscribe);
  CHECK(both->topics == (static_cast<std::uint8_t>(Topic::now_playing) | static_cast<std::uint8_t>(Topic::program)));
  CHECK_FALSE(both->resume);

  const auto resuming = parseClientRequest(
      R"({"op":2,"d":{"topics":["now_playing"],"resume":{"session_id":"0123456789abcdef","seq":41}}})", why);
  REQUIRE(resuming);
  REQUIRE(resuming->resume);
  CHECK(resuming->resume->first == "0123456789abcdef");
  CHECK(resuming->resume->second == 41);
  CHECK(parseClientRequest(R"({"op":2,"d":{"topics":["program"],"resume":null}})", why));
}

TEST_CASE("client request: other ops are read by number only", "[websocket][protocol]") {
  std::string why;
  const auto heartbeat = parseClientRequest(R"({"op":3,"d":null})", why);
  REQUIRE(heartbeat);
  CHECK(heartbeat->op == op::heartbeat);
  const auto unknown = parseClientRequest(R"({"op":7})", why);
  REQUIRE(unknown);
  CHECK(unknown->op == 7);  // the loop answers 4001
}

TEST_CASE("client request: each malformed message says why", "[websocket][protocol]") {
  struct Case {
    const char* text;
    const char* reason;
  };
  const std::vector<Case> cases{
      {"hello?", "not JSON"},
      {"[1,2]", "not a JSON object"},
      {R"({"d":null})", "no integer \"op\""},
      {R"({"op":"2"})", "no integer \"op\""},
      {R"({"op":1.5})", "no integer \"op\""},
      {R"({"op":99999999999999999999})", ""},
      {R"({"op":2})", "SUBSCRIBE needs d.topics"},
      {R"({"op":2,"d":{"topics":[]}})", "non-empty list"},
      {R"({"op":2,"d":{"topics":"now_playing"}})", "non-empty list"},
      {R"({"op":2,"d":{"topics":[1]}})", "topics are strings"},
      {R"({"op":2,"d":{"topics":["weather"]}})", "unknown topic 'weather' (now_playing, program)"},
      {R"({"op":2,"d":{"topics":["program"],"resume":{"seq":1}}})", "resume needs session_id"},
      {R"({"op":2,"d":{"topics":["program"],"resume":{"session_id":"x","seq":-1}}})", "non-negative integer seq"},
      {R"({"op":2,"d":{"topics":["program"],"resume":{"session_id":"x","seq":"1"}}})", "non-negative integer seq"},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    std::string why;
    CHECK_FALSE(parseClientRequest(c.text, why));
    CHECK_FALSE(why.empty());
    CHECK_THAT(why, Contains(c.reason));
  }
}
