// The webhook output against a Poco HTTP server in the test standing in for Discord, Mastodon
// or a station's service: Standard Webhooks signatures checked with the test's own HMAC, a 500
// then a 200 showing the retry with the same webhook-id, and the order of events kept.

#include "support/airbridge_process.hpp"
#include "support/net_client.hpp"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>
#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <mutex>
#include <sstream>

using namespace airbridge::testing;
using Catch::Matchers::Contains;
using namespace std::chrono_literals;

namespace {

struct Received {
  std::string id, timestamp, signature, content_type, body;
};

/// Records every request; answers 500 to the first `failures` of them, then 200.
class Receiver {
 public:
  explicit Receiver(int failures) : failures_(failures), socket_(Poco::Net::SocketAddress("127.0.0.1", 0)) {
    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(2);
    server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(*this), socket_, params);
    server_->start();
  }
  ~Receiver() { server_->stopAll(true); }
  int port() const { return socket_.address().port(); }
  std::vector<Received> requests() {
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  class Handler final : public Poco::Net::HTTPRequestHandler {
   public:
    explicit Handler(Receiver& receiver) : receiver_(receiver) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
      Received got{request.get("webhook-id", ""), request.get("webhook-timestamp", ""),
                   request.get("webhook-signature", ""), request.getContentType(), ""};
      Poco::StreamCopier::copyToString(request.stream(), got.body);
      bool fail = false;
      {
        std::lock_guard lock(receiver_.mutex_);
        receiver_.requests_.push_back(got);
        fail = static_cast<int>(receiver_.requests_.size()) <= receiver_.failures_;
      }
      response.setStatusAndReason(fail ? Poco::Net::HTTPResponse::HTTP_INTERNAL_SERVER_ERROR
                                       : Poco::Net::HTTPResponse::HTTP_OK);
      response.send() << (fail ? "try again later" : "ok");
    }

   private:
    Receiver& receiver_;
  };
  class Factory final : public Poco::Net::HTTPRequestHandlerFactory {
   public:
    explicit Factory(Receiver& receiver) : receiver_(receiver) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
      return new Handler(receiver_);
    }

   private:
    Receiver& receiver_;
  };

  const int failures_;
  Poco::Net::ServerSocket socket_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
  std::mutex mutex_;
  std::vector<Received> requests_;
};

/// What a receiver following the Standard Webhooks spec computes, written here independently.
std::string expectedSignature(const std::string& key_base64, const Received& got) {
  std::istringstream in(key_base64);
  Poco::Base64Decoder decoder(in);
  std::string key((std::istreambuf_iterator<char>(decoder)), std::istreambuf_iterator<char>());
  const std::string signed_content = got.id + "." + got.timestamp + "." + got.body;
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
  Receiver receiver(/*failures=*/1);
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
  CHECK(got[0].id == got[1].id);
  CHECK(got[0].body == got[1].body);
  CHECK(got[1].id != got[2].id);
  CHECK_THAT(got[1].body, Contains(R"("t":"TRACK_CHANGED","s":1,)") && Contains("Glass Harbor"));
  CHECK_THAT(got[2].body, Contains(R"("s":2,)") && Contains("Legal ID Top of Hour"));
  CHECK_THAT(got[3].body, Contains(R"("s":3,)") && Contains("Wolken"));
  for (const auto& request : got) {
    INFO(request.body);
    CHECK(request.content_type == "application/json");
    CHECK(request.signature == expectedSignature(key, request));
    const auto age = std::chrono::system_clock::now().time_since_epoch() - std::chrono::seconds{std::stoll(request.timestamp)};
    CHECK(age < 60s);
  }
  CHECK_THAT(airbridge.log(), Contains("answered 500 Internal Server Error: \"try again later\"") &&
                                  Contains("delivering again"));
}

TEST_CASE("webhook e2e: a templated form body, as Mastodon takes it", "[e2e][webhook]") {
  Receiver receiver(0);
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
  CHECK(got[0].id == "msg_test-node_2");
  CHECK(got[0].signature.empty());  // no secret: not signed
}
