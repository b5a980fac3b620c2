// History that survives a restart: SQLite under storage.directory, restored before sinks start.

#include "support/http_rig.hpp"
#include "support/ws_test_client.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <signal.h>

using namespace airbridge::testing;
using Catch::Matchers::Contains;
using namespace std::chrono_literals;

namespace {

void checkRestored(TempDir& storage, int stop_signal) {
  {
    HttpRig before("", "", "", storage.path() / "data");
    for (int i = 1; i <= 3; ++i) {
      before.sendAndWait(zettaDocument(i * 10, fmt::format("Before Restart {}", i)), fmt::format("Before Restart {}", i));
    }
    const auto code = before.process().stop(stop_signal, 5s);
    REQUIRE(code);
    CHECK(*code == (stop_signal == SIGKILL ? 128 + SIGKILL : 0));
  }
  HttpRig after("", "", "", storage.path() / "data");
  CHECK(after.process().waitForLog("restored 3 event(s), last #3"));
  auto now = jsonObject(httpGet(after.port(), "/v1/now-playing").body);
  CHECK(now->getObject("now")->getValue<std::string>("title") == "Before Restart 3");
  CHECK(now->getValue<int>("seq") == 3);
  auto history = jsonObject(httpGet(after.port(), "/v1/history").body)->getArray("items");
  REQUIRE(history->size() == 3);
  CHECK(history->getObject(2)->getObject("track")->getValue<std::string>("title") == "Before Restart 1");

  // A client that was at #1 before the restart resumes without a gap.
  WsTestClient client(after.port(), "/ws");
  client.receiveText();
  client.sendText(R"({"op":2,"d":{"topics":["now_playing"],"resume":{"session_id":"0123456789abcdef","seq":1}}})");
  CHECK_THAT(client.receiveText().value(), Contains(R"("t":"RESUMED")") && Contains(R"("replayed":2)"));
  CHECK_THAT(client.receiveText().value(), Contains(R"("s":2)") && Contains("Before Restart 2"));
  CHECK_THAT(client.receiveText().value(), Contains(R"("s":3)") && Contains("Before Restart 3"));

  // Zetta re-sends what is on air when it reconnects: not announced twice.
  after.send(zettaDocument(30, "Before Restart 3"));
  CHECK(after.process().waitForLog("duplicate announcement dropped"));
  // The sequence carries on from where it was.
  after.send(zettaDocument(40, "After Restart"));
  CHECK_THAT(client.receiveText().value(), Contains(R"("s":4)") && Contains("After Restart"));
}

}  // namespace

TEST_CASE("persistence: after SIGTERM, state, history, resume and dedupe carry over",
          "[e2e][persistence]") {
  TempDir storage;
  checkRestored(storage, SIGTERM);
}

TEST_CASE("persistence: after kill -9 the database opens and nothing admitted is lost",
          "[e2e][persistence]") {
  TempDir storage;
  checkRestored(storage, SIGKILL);
}

TEST_CASE("persistence: an unusable storage directory stops the start with a clear error",
          "[e2e][persistence]") {
  TempDir dir;
  const auto blocker = dir.write("not-a-directory", "a file where the data directory should be");
  const auto config = dir.write("airbridge.yaml", configPreamble(BuildPaths::plugins(), blocker / "data") +
                                                      "sources:\n  - plugin: zetta\n    listen: 127.0.0.1:0\n");
  const auto result = runToCompletion({BuildPaths::binary().string(), "--config", config.string()});
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.output, Contains("airbridge.db: cannot open the event store") &&
                                Contains("check storage.directory"));
}
