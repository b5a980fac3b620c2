// Outputs whose peers are dead cost nothing to anyone else: with the RDS encoder and Icecast a
// black hole (a listener that never accepts) and the webhook receiver hung (it reads the request
// and never answers), a WebSocket client still gets every event at once, and SIGTERM still ends
// airbridge within the promised time.

#include "support/http_rig.hpp"
#include "support/net_client.hpp"
#include "support/ws_test_client.hpp"

#include <Poco/Net/ServerSocket.h>
#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <signal.h>

#include <atomic>
#include <thread>

using namespace airbridge::testing;
using Catch::Matchers::Contains;
using namespace std::chrono_literals;

namespace {

/// Accepts connections and reads what they send, never answering.
class HungServer {
 public:
  HungServer() : socket_(Poco::Net::SocketAddress("127.0.0.1", 0)) {
    thread_ = std::thread([this] {
      std::vector<Poco::Net::StreamSocket> held;
      while (!stopping_.load()) {
        if (socket_.poll(Poco::Timespan(0, 50'000), Poco::Net::Socket::SELECT_READ)) {
          held.push_back(socket_.acceptConnection());
        }
        for (auto& connection : held) {
          char buffer[4096];
          while (connection.available() > 0 && connection.receiveBytes(buffer, sizeof buffer) > 0) {
          }
        }
      }
    });
  }
  ~HungServer() {
    stopping_.store(true);
    thread_.join();
  }
  int port() const { return socket_.address().port(); }

 private:
  Poco::Net::ServerSocket socket_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace

TEST_CASE("outputs: dead and hung peers delay neither the bus nor a WebSocket client, nor the exit",
          "[e2e][outputs]") {
  // A black hole: the kernel completes connections into its backlog; nobody ever accepts.
  Poco::Net::ServerSocket blackHole(Poco::Net::SocketAddress("127.0.0.1", 0), 64);
  HungServer hung;
  const std::string outputs = fmt::format(
      "  - plugin: rds\n    name: encoder\n    connect: 127.0.0.1:{0}\n    timeout: 10s\n"
      "  - plugin: icecast\n    name: stream\n    url: http://127.0.0.1:{0}\n    mounts: [/live.mp3]\n"
      "    password: x\n    timeout: 10s\n"
      "  - plugin: webhook\n    name: hook\n    url: http://127.0.0.1:{1}/hook\n    timeout: 10s\n",
      blackHole.address().port(), hung.port());
  HttpRig rig("", outputs);
  WsTestClient client(rig.port(), "/ws");
  client.receiveText();  // HELLO
  client.sendText(R"({"op":2,"d":{"topics":["now_playing"]}})");
  REQUIRE(client.receiveText());  // READY
  const auto sent = std::chrono::steady_clock::now();
  constexpr int kEvents = 20;
  for (int i = 1; i <= kEvents; ++i) rig.send(zettaDocument(i, fmt::format("Track {}", i)));
  for (int i = 1; i <= kEvents; ++i) {
    const auto message = client.receiveText(3s);
    REQUIRE(message);
    CHECK_THAT(*message, Contains(fmt::format("\"title\":\"Track {}\"", i)));
  }
  CHECK(std::chrono::steady_clock::now() - sent < 3s);
  // The webhook and icecast outputs are still inside a request that will never be answered.
  const auto stopping = std::chrono::steady_clock::now();
  CHECK(rig.process().stop(SIGTERM, 8s) == 0);
  CHECK(std::chrono::steady_clock::now() - stopping < 6s);
}
