// Several airbridge nodes joined by the redis plugin through a real redis-server: what one node
// hears from Zetta reaches clients on the others, history and resume agree, and an outage of
// Redis (or a node) ends with everyone caught up, in order.

#include "support/net_client.hpp"
#include "support/plugin_folder.hpp"
#include "support/redis_server.hpp"
#include "support/sse_test_client.hpp"
#include "support/ws_test_client.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <signal.h>

using namespace airbridge::testing;
using Catch::Matchers::Contains;
using namespace std::chrono_literals;

namespace {

/// One airbridge node: Zetta in, WebSocket and REST out on one port, joined to `redis`.
class Node {
 public:
  Node(const std::string& id, const RedisServer& redis, const std::filesystem::path& storage = {})
      : process_(std::make_unique<AirbridgeProcess>(
            configPreamble(plugins_.path(), storage, id) +
            "sources:\n  - plugin: zetta\n    name: studio\n    listen: 127.0.0.1:0\n"
            "sinks:\n"
            "  - plugin: websocket\n    listen: 127.0.0.1:0\n"
            "  - plugin: http\n    listen: 127.0.0.1:0\n"
            "  - plugin: redis\n    address: " + redis.address() + "\n"
            "    key: test\n    reconnect_min: 50ms\n    reconnect_max: 300ms\n")) {
    port_ = process_->portAfter("http listening on ");
    zettaPort_ = process_->portAfter("listening for Zetta on ");
    if (!process_->waitForLog("running")) throw std::runtime_error(process_->log());
  }

  AirbridgeProcess& process() { return *process_; }
  int port() const { return port_; }
  void send(const std::string& document) {
    if (!feed_) feed_ = std::make_unique<ZettaFeed>(zettaPort_);
    feed_->send(document);
  }
  /// A v1 client subscribed to now playing; `resume_from` asks to resume after that sequence.
  std::unique_ptr<WsTestClient> subscribe(std::optional<int> resume_from = std::nullopt) {
    auto client = std::make_unique<WsTestClient>(port_, "/ws");
    client->receiveText();  // HELLO
    const std::string resume =
        resume_from ? fmt::format(R"(,"resume":{{"session_id":"0123456789abcdef","seq":{}}})", *resume_from) : "";
    client->sendText(R"({"op":2,"d":{"topics":["now_playing"])" + resume + "}}");
    const auto greeting = client->receiveText();
    if (!greeting) throw std::runtime_error("no READY/RESUMED:\n" + process_->log());
    greeting_ = *greeting;
    return client;
  }
  const std::string& greeting() const { return greeting_; }
  std::string history() { return httpGet(port_, "/v1/history").body; }

 private:
  PluginFolder plugins_;
  std::unique_ptr<AirbridgeProcess> process_;
  int port_ = 0;
  int zettaPort_ = 0;
  std::unique_ptr<ZettaFeed> feed_;
  std::string greeting_;
};

/// The next TRACK_CHANGED on `client`: its sequence and title.
std::pair<int, std::string> nextTrack(WsTestClient& client, std::chrono::milliseconds deadline = 5s) {
  const auto text = client.receiveText(deadline);
  if (!text) return {0, ""};
  const auto message = jsonObject(*text);
  if (message->getValue<std::string>("t") != "TRACK_CHANGED") return {-1, *text};
  return {message->getValue<int>("s"), message->getObject("d")->getValue<std::string>("title")};
}

std::size_t occurrences(const std::string& text, const std::string& needle) {
  std::size_t count = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++count;
  return count;
}

}  // namespace

TEST_CASE("redis bridge: a document into node A reaches WebSocket and SSE clients on node B "
          "within a second; history and resume agree", "[e2e][redis]") {
  RedisServer redis;
  Node a("node-a", redis);
  Node b("node-b", redis);
  auto onB = b.subscribe();
  SseClient sseOnB(b.port());
  REQUIRE(sseOnB.waitFor("event: READY"));

  for (int i = 1; i <= 3; ++i) {
    const auto sent = std::chrono::steady_clock::now();
    a.send(zettaDocument(100 + i, fmt::format("Shared Track {}", i)));
    const auto [seq, title] = nextTrack(*onB, 1s);
    const auto elapsed = std::chrono::steady_clock::now() - sent;
    CHECK(seq == i);
    CHECK(title == fmt::format("Shared Track {}", i));
    CHECK(elapsed < 1s);
  }
  CHECK(b.process().waitForLog("#3 song now on air: Shared Track 3 - Artist (from node node-a)"));
  CHECK(sseOnB.waitFor("id: 3\nevent: TRACK_CHANGED\n"));
  CHECK_THAT(sseOnB.received(), Contains("Shared Track 1") && Contains("id: 2\n"));

  // The same history, byte for byte: same sequence, same admission time, same event.
  CHECK(a.history() == b.history());
  CHECK_THAT(b.history(), Contains(R"("seq":3)") && Contains("Shared Track 1"));

  // A client that saw #1 on one node resumes on either and gets the same replay.
  for (Node* node : {&a, &b}) {
    auto client = node->subscribe(1);
    CHECK_THAT(node->greeting(), Contains(R"("t":"RESUMED")") && Contains(R"("replayed":2)"));
    CHECK(nextTrack(*client) == std::pair<int, std::string>{2, "Shared Track 2"});
    CHECK(nextTrack(*client) == std::pair<int, std::string>{3, "Shared Track 3"});
    SseClient sse(node->port(), "Last-Event-ID: 1\r\n");
    CHECK(sse.waitFor("id: 3\n"));
    CHECK_THAT(sse.received(), Contains("id: 2\n") && Contains("Shared Track 2") &&
                                   !Contains("event: READY"));
  }

  // Nothing loops back: each node admitted each event once.
  CHECK(occurrences(a.process().log(), "now on air: Shared Track 2") == 1);
  CHECK(occurrences(b.process().log(), "now on air: Shared Track 2") == 1);

  // Both bridge threads stop promptly and cleanly (a leak or crash would change the exit code).
  CHECK(b.process().stop(SIGTERM, 5s) == 0);
  CHECK(a.process().stop(SIGTERM, 5s) == 0);
}

TEST_CASE("redis bridge: while Redis is down node A serves its own clients; afterwards node B "
          "catches up with every event in order", "[e2e][redis]") {
  RedisServer redis;
  Node a("node-a", redis);
  Node b("node-b", redis);
  auto onA = a.subscribe();
  auto onB = b.subscribe();
  a.send(zettaDocument(200, "Before The Outage"));
  CHECK(nextTrack(*onB).second == "Before The Outage");
  CHECK(nextTrack(*onA).second == "Before The Outage");

  redis.stop();
  CHECK(a.process().waitForLog("lost Redis at " + redis.address()));
  for (int i = 1; i <= 4; ++i) a.send(zettaDocument(200 + i, fmt::format("During The Outage {}", i)));
  for (int i = 1; i <= 4; ++i) {
    CHECK(nextTrack(*onA) == std::pair<int, std::string>{1 + i, fmt::format("During The Outage {}", i)});
  }
  CHECK_FALSE(onB->receiveText(300ms));  // B cannot know yet

  // Redis comes back empty (no persistence): A shares again what it has, B takes what it lacks.
  redis.start();
  for (int i = 1; i <= 4; ++i) {
    CHECK(nextTrack(*onB) == std::pair<int, std::string>{1 + i, fmt::format("During The Outage {}", i)});
  }
  CHECK_FALSE(onB->receiveText(300ms));  // and nothing twice
  CHECK(a.history() == b.history());
  // Said once per outage, not once per retry.
  CHECK(occurrences(a.process().log(), "keeps serving its own clients") == 1);
  CHECK(a.process().waitForLog("answers again"));

  // Live again.
  a.send(zettaDocument(300, "After The Outage"));
  CHECK(nextTrack(*onB) == std::pair<int, std::string>{6, "After The Outage"});
}

TEST_CASE("redis bridge: a node restarted (SIGTERM or kill -9, with or without its storage) "
          "catches up from the stream, and its clients resume without a gap", "[e2e][redis]") {
  const int stop_signal = GENERATE(SIGTERM, SIGKILL);
  const bool keepStorage = GENERATE(true, false);
  INFO("signal " << stop_signal << (keepStorage ? ", storage kept" : ", no storage"));
  TempDir storage;
  const auto storageOfB = keepStorage ? storage.path() / "data" : std::filesystem::path();
  RedisServer redis;
  Node a("node-a", redis);
  auto b = std::make_unique<Node>("node-b", redis, storageOfB);
  auto onB = b->subscribe();
  a.send(zettaDocument(400, "Heard Before Restart 1"));
  CHECK(nextTrack(*onB).first == 1);
  REQUIRE(b->process().stop(stop_signal, 5s));
  onB.reset();

  a.send(zettaDocument(401, "Heard While B Was Down 2"));
  a.send(zettaDocument(402, "Heard While B Was Down 3"));
  b = std::make_unique<Node>("node-b", redis, storageOfB);
  CHECK(eventually([&] { return b->history() == a.history(); }));
  if (keepStorage) CHECK(b->process().waitForLog("restored 1 event(s), last #1"));
  auto resumed = b->subscribe(1);
  CHECK_THAT(b->greeting(), Contains(R"("t":"RESUMED")") && Contains(R"("replayed":2)"));
  CHECK(nextTrack(*resumed) == std::pair<int, std::string>{2, "Heard While B Was Down 2"});
  CHECK(nextTrack(*resumed) == std::pair<int, std::string>{3, "Heard While B Was Down 3"});
  // B's own Zetta link numbers on from the shared sequence.
  b->send(zettaDocument(500, "Heard On B"));
  CHECK(nextTrack(*resumed) == std::pair<int, std::string>{4, "Heard On B"});
  CHECK(eventually([&] { return a.history() == b->history(); }));
}

TEST_CASE("redis bridge: an entry in the stream that is not an airbridge event is named and "
          "skipped; the events around it arrive", "[e2e][redis]") {
  RedisServer redis;
  Node a("node-a", redis);
  Node b("node-b", redis);
  auto onB = b.subscribe();
  a.send(zettaDocument(600, "Around The Junk 1"));
  CHECK(nextTrack(*onB).second == "Around The Junk 1");
  redis.command({"XADD", "test:events", "*", "origin", "node-x", "seq", "7", "admitted_ms", "12",
                 "name", "TRACK_CHANGED", "event", "{not json"});
  redis.command({"XADD", "test:events", "*", "hello", "world"});
  a.send(zettaDocument(601, "Around The Junk 2"));
  CHECK(nextTrack(*onB).second == "Around The Junk 2");
  CHECK(b.process().waitForLog("test:events: skipped an entry that is not an airbridge event: entry "));
  CHECK(b.process().waitForLog("no field origin"));
  CHECK(occurrences(b.process().log(), "skipped an entry") == 2);
}

TEST_CASE("redis bridge: a key of another type is one clear outage; events flow once it is "
          "fixed", "[e2e][redis]") {
  RedisServer redis;
  redis.command({"SET", "test:events", "not a stream"});
  Node a("node-a", redis);
  Node b("node-b", redis);
  CHECK(b.process().waitForLog("cannot use Redis at " + redis.address() + ": XREAD refused: WRONGTYPE"));
  auto onB = b.subscribe();
  a.send(zettaDocument(700, "Heard While Misconfigured"));
  CHECK_FALSE(onB->receiveText(500ms));
  redis.command({"DEL", "test:events"});
  CHECK(nextTrack(*onB) == std::pair<int, std::string>{1, "Heard While Misconfigured"});
  CHECK(b.process().waitForLog("answers again"));
  CHECK(occurrences(b.process().log(), "keeps serving its own clients") == 1);
}

TEST_CASE("redis bridge: two nodes started with the same node.id are told so, and lose nothing",
          "[e2e][redis]") {
  RedisServer redis;
  Node first("twin", redis);
  Node second("twin", redis);
  auto onSecond = second.subscribe();
  first.send(zettaDocument(800, "Heard By The First Twin"));
  CHECK(nextTrack(*onSecond).second == "Heard By The First Twin");
  CHECK(second.process().waitForLog("comes from node twin, which is this node's id, but this node "
                                    "did not admit it: another node uses the same node.id"));
}

TEST_CASE("redis bridge: config mistakes are reported with file:line", "[e2e][redis]") {
  TempDir dir;
  const auto config = dir.write("airbridge.yaml", configPreamble() +
      "sinks:\n  - plugin: redis\n    address: 127.0.0.1\n    stream_length: 5\n"
      "    reconnect_min: 1s\n    reconnect_max: 100ms\n    databse: 2\n");
  const auto result = checkConfig(config);
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.output, Contains("airbridge.yaml:11:") && Contains("address"));
  CHECK_THAT(result.output, Contains("airbridge.yaml:12:") && Contains("stream_length") &&
                                Contains("between 10 and 1000000"));
  CHECK_THAT(result.output, Contains("reconnect_max") && Contains("must not be less than reconnect_min"));
  CHECK_THAT(result.output, Contains("databse") && Contains("database"));
}

TEST_CASE("redis bridge: forged sequences and admission times are refused with a reason, once, "
          "and live clients keep receiving", "[e2e][redis]") {
  TempDir storage;
  RedisServer redis;
  Node a("node-a", redis);
  auto b = std::make_unique<Node>("node-b", redis, storage.path() / "data");
  auto onB = b->subscribe();
  a.send(zettaDocument(700, "Before The Forgery 1"));
  CHECK(nextTrack(*onB) == std::pair<int, std::string>{1, "Before The Forgery 1"});
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch()).count();
  auto xadd = [&](const std::string& origin, const std::string& seq, long long admitted, const std::string& title) {
    redis.command({"XADD", "test:events", "*", "origin", origin, "seq", seq, "admitted_ms", std::to_string(admitted),
                   "name", "TRACK_CHANGED", "event", R"({"id":")" + title + R"(","kind":"song","title":")" + title + "\"}"});
  };
  // 2^64-1 was adopted as the bus sequence: the next real event became #0, and the journal's -1
  // stopped the next start. 2^53-1 is readable, but implausibly far ahead.
  xadd("node-x", "18446744073709551615", now, "Wrapped");
  xadd("node-x", "9007199254740991", now, "Far Ahead");
  // A day in node A's future: A's real events would have looked older and been dropped.
  xadd("node-a", "2", now + 86'400'000, "From The Future");
  a.send(zettaDocument(701, "After The Forgery 2"));
  CHECK(nextTrack(*onB) == std::pair<int, std::string>{2, "After The Forgery 2"});
  CHECK(b->process().waitForLog("field seq is 18446744073709551615, outside 1..9007199254740991"));
  CHECK(b->process().waitForLog("refused entry "));
  const std::string log = b->process().log();
  CHECK_THAT(log, Contains("from node node-x: seq 9007199254740991 is more than max_sequence_gap (10000) ahead of #1"));
  CHECK_THAT(log, Contains("from node node-a: admitted 1d ahead of this node's clock (max_clock_skew 5m)"));
  const std::string metrics = httpGet(b->port(), "/metrics").body;
  CHECK_THAT(metrics, Contains("airbridge_redis_refused_entries_total{reason=\"sequence_gap\"} 1\n") &&
                          Contains("airbridge_redis_refused_entries_total{reason=\"future_admission\"} 1\n") &&
                          Contains("airbridge_redis_malformed_entries_total 1\n"));

  // Every link dropped: both nodes read the stream again from its start, and say nothing new.
  redis.command({"CLIENT", "KILL", "TYPE", "normal"});
  a.send(zettaDocument(702, "After The Reconnect 3"));
  CHECK(nextTrack(*onB, 10s) == std::pair<int, std::string>{3, "After The Reconnect 3"});
  CHECK(occurrences(b->process().log(), "refused entry ") == 2);
  CHECK(occurrences(b->process().log(), "outside 1..9007199254740991") == 1);

  // The journal holds only plausible numbers: the node starts again on it.
  REQUIRE(b->process().stop(SIGTERM, 5s));
  onB.reset();
  b = std::make_unique<Node>("node-b", redis, storage.path() / "data");
  CHECK(b->process().waitForLog("restored 3 event(s), last #3"));
}
