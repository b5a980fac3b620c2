// The webhook output against an HTTP server in the test standing in for Discord, Mastodon or a
// station's service: Standard Webhooks signatures checked with the test's own HMAC, a 500
// then a 200 showing the retry with the same webhook-id, and the order of events kept.

#include "support/airbridge_process.hpp"
#include "support/net_client.hpp"
#include "support/recording_http_server.hpp"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <sstream>

using namespace airbridge::testing;
using Catch::Matchers::Contains;
using namespace std::chrono_literals;

namespace {

/// Answers 500 to the first `failures` requests, then 200.
RecordingHttpServer::Answer failingFirst(std::size_t failures) {
  return [failures](const RecordedRequest&, std::size_t earlier) {
    return earlier < failures ? CannedAnswer{500, "text/plain", "try again later"} : CannedAnswer{};
  };
}

/// What a receiver following the Standard Webhooks spec computes, written here independently.
std::string expectedSignature(const std::string& key_base64, const RecordedRequest& got) {
  std::istringstream in(key_base64);
  Poco::Base64Decoder decoder(in);
  std::string key((std::istreambuf_iterator<char>(decoder)), std::istreambuf_iterator<char>());
  const std::string signed_content =
      got.header("webhook-id") + "." + got.header("webhook-timestamp") + "." + got.body;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(signed_content.data()), signed_content.size(), digest, &length);
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder.rdbuf()->setLineLength(0);
  encoder.write(reinterpret_cast<const char*>(digest), length);
  encoder.close();
  return "v1," + out.str();
}

}  // namespace

TEST_CASE("webhook e2e: signed, retried after a 500 with the same id, in order", "[e2e][webhook]") {
  RecordingHttpServer receiver(failingFirst(1));
  const std::string key = "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";  // base64 of the signing key
  AirbridgeProcess airbridge(configPreamble() +
      "sources:\n  - plugin: zetta\n    name: studio\n    listen: 127.0.0.1:0\n"
      "sinks:\n  - plugin: webhook\n    name: hook\n" +
      fmt::format("    url: http://127.0.0.1:{}/hooks/now-playing\n    secret: whsec_{}\n"
                  "    retry_min: 100ms\n    retry_max: 200ms\n", receiver.port(), key));
  ZettaFeed feed(airbridge.portAfter("listening for Zetta on "));
  for (const char* name : {"song", "link", "current-and-next"}) feed.send(zettaCase(name));
  REQUIRE(eventually([&] { return receiver.requests().size() >= 4; }, 10s));
  const auto got = receiver.requests();
  REQUIRE(got.size() == 4);
  // The first delivery failed and was sent again, same id, before the next event.
  CHECK(got[0].header("webhook-id") == got[1].header("webhook-id"));
  CHECK(got[0].body == got[1].body);
  CHECK(got[1].header("webhook-id") != got[2].header("webhook-id"));
  CHECK_THAT(got[1].body, Contains(R"("t":"TRACK_CHANGED","s":1,)") && Contains("Glass Harbor"));
  CHECK_THAT(got[2].body, Contains(R"("s":2,)") && Contains("Legal ID Top of Hour"));
  CHECK_THAT(got[3].body, Contains(R"("s":3,)") && Contains("Wolken"));
  for (const auto& request : got) {
    INFO(request.body);
    CHECK(request.header("Content-Type") == "application/json");
    CHECK(request.header("webhook-signature") == expectedSignature(key, request));
    const auto age = std::chrono::system_clock::now().time_since_epoch() -
                     std::chrono::seconds{std::stoll(request.header("webhook-timestamp"))};
    CHECK(age < 60s);
  }
  CHECK_THAT(airbridge.log(), Contains("answered 500 Internal Server Error: \"try again later\"") &&
                                  Contains("delivering again"));
}

TEST_CASE("webhook e2e: a templated form body, as Mastodon takes it", "[e2e][webhook]") {
  RecordingHttpServer receiver(failingFirst(0));
  AirbridgeProcess airbridge(configPreamble() +
      "sources:\n  - plugin: zetta\n    name: studio\n    listen: 127.0.0.1:0\n"
      "sinks:\n  - plugin: webhook\n    name: mastodon\n" +
      fmt::format("    url: http://127.0.0.1:{}/api/v1/statuses\n", receiver.port()) +
      "    content_type: application/x-www-form-urlencoded\n"
      "    body: \"status=Now playing: {{artist}} - {{title}}&visibility=unlisted\"\n"
      "    headers: [\"Authorization: Bearer token-123\"]\n    kinds: [song]\n");
  ZettaFeed feed(airbridge.portAfter("listening for Zetta on "));
  feed.send(zettaCase("link"));  // not a song: not posted
  feed.send(zettaCase("current-and-next"));
  REQUIRE(eventually([&] { return receiver.requests().size() >= 1; }, 5s));
  std::this_thread::sleep_for(200ms);
  const auto got = receiver.requests();
  REQUIRE(got.size() == 1);
  CHECK(got[0].body ==
        "status=Now playing: Kr%C3%A4ftig%20%26%20S%C3%B6hne - %C3%9Cber%20den%20Wolken%20%28Live%29&visibility=unlisted");
  CHECK(got[0].header("webhook-id") == "msg_test-node_2");
  CHECK(got[0].header("Authorization") == "Bearer token-123");
  CHECK(got[0].header("webhook-signature").empty());  // no secret: not signed
}
