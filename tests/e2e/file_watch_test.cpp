// The file_watch source against the built binary: a now-playing file rewritten by another
// process (in place, by rename, deleted and written again, held open half-written) while the
// probe sink watches; every complete version is published once and no broken one ever is.

#include "support/airbridge_process.hpp"
#include "support/net_client.hpp"
#include "support/plugin_folder.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <fstream>

using namespace airbridge::testing;
using Catch::Matchers::Contains;
using namespace std::chrono_literals;

namespace {

class WatchRig {
 public:
  WatchRig(const std::filesystem::path& file, const std::string& keys) {
    process_ = std::make_unique<AirbridgeProcess>(
        configPreamble(plugins_.path()) + "sources:\n  - plugin: file_watch\n    name: studio\n"
        "    path: " + file.string() + "\n    debounce: 100ms\n" + keys +
        "sinks:\n  - plugin: probe\n    listen: 127.0.0.1:0\n");
    port_ = process_->portAfter("http listening on ");
    if (!process_->waitForLog("running")) throw std::runtime_error(process_->log());
  }
  AirbridgeProcess& process() { return *process_; }
  /// The titles published so far, in order.
  std::vector<std::string> titles() {
    std::vector<std::string> out;
    const std::string events = httpGet(port_, "/probe").body;
    for (auto at = events.find("\"title\":\""); at != std::string::npos; at = events.find("\"title\":\"", at + 1)) {
      at += 9;
      const auto line = events.rfind('\n', at);
      // Only the event's own title, not those of its assets or upcoming tracks.
      if (events.find("\"title\":\"", line == std::string::npos ? 0 : line + 1) + 9 != at) continue;
      out.push_back(events.substr(at, events.find('"', at) - at));
    }
    return out;
  }

 private:
  PluginFolder plugins_;
  std::unique_ptr<AirbridgeProcess> process_;
  int port_ = 0;
};

std::filesystem::path freshDirectory(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / fmt::format("airbridge-{}-{}", name, ::getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace

TEST_CASE("file_watch e2e: a file rewritten many times by another process, each complete version published once",
          "[e2e][file_watch]") {
  const auto dir = freshDirectory("watch-text");
  const auto file = dir / "nowplaying.txt";
  { std::ofstream(file) << "Before Band - Already On\r\n"; }
  WatchRig rig(file, "");
  REQUIRE(eventually([&] { return rig.titles().size() == 1; }));
  CHECK(rig.titles().front() == "Already On");

  // Another process writes 18 versions: in place in two writes with a pause between (the way a
  // playout system caught mid-write looks), by rename, and deleted then written again. Each
  // half-written version would still match the pattern ("Band 3 - Ti"), so only a read after
  // the writer closed the file is safe.
  const std::string script = fmt::format(R"(
    set -e; cd '{}'
    for i in $(seq 1 18); do
      case $((i % 3)) in
        0) {{ printf 'Band %d - Ti' $i; sleep 0.3; printf 'tle %d\r\n' $i; }} > nowplaying.txt ;;
        1) printf 'Band %d - Title %d\r\n' $i $i > nowplaying.tmp; mv nowplaying.tmp nowplaying.txt ;;
        2) rm nowplaying.txt; sleep 0.3; printf 'Band %d - Title %d\n' $i $i > nowplaying.txt ;;
      esac
      sleep 0.5
    done)", dir.string());
  const auto writer = runToCompletion({"/bin/bash", "-c", script}, 60s);
  REQUIRE(writer.exit_code == 0);
  REQUIRE(eventually([&] { return rig.titles().size() >= 19; }, 5s));
  std::this_thread::sleep_for(500ms);  // nothing more may come
  std::vector<std::string> expected{"Already On"};
  for (int i = 1; i <= 18; ++i) expected.push_back(fmt::format("Title {}", i));
  CHECK(rig.titles() == expected);
  const std::string events = httpGet(rig.process().portAfter("http listening on "), "/probe").body;
  CHECK_THAT(events, Contains(R"("artist":"Band 18")"));
  CHECK_THAT(events, !Contains("\"Ti\""));
  CHECK(rig.process().waitForLog("cannot read it (it was deleted or moved away); waiting for it to come back"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("file_watch e2e: JSON held open half-written is read again, never published broken; Windows-1252 text is read",
          "[e2e][file_watch]") {
  const auto dir = freshDirectory("watch-json");
  const auto file = dir / "onair.json";
  WatchRig rig(file, "    format: json\n    fields:\n      title: current.title\n      artist: current.artist\n"
                     "      duration: current.length\n");
  CHECK(rig.process().waitForLog("cannot read it (No such file or directory); waiting for it to come back"));
  // The writer keeps the file open for 2.5 s with half a document in it: read (and refused)
  // after the long quiet time, then read whole once closed.
  const std::string script = fmt::format(R"(
    set -e; cd '{}'
    exec 3> onair.json
    printf '{{"current":{{"title":"Half' >&3
    sleep 2.5
    printf ' Written","artist":"Caf\xe9 Tacvba","length":"4:01"}}}}' >&3
    exec 3>&-)", dir.string());
  REQUIRE(runToCompletion({"/bin/bash", "-c", script}, 30s).exit_code == 0);
  REQUIRE(eventually([&] { return rig.titles().size() == 1; }, 5s));
  CHECK(rig.titles().front() == "Half Written");
  const std::string events = httpGet(rig.process().portAfter("http listening on "), "/probe").body;
  CHECK_THAT(events, Contains(R"("artist":"Café Tacvba")"));
  CHECK_THAT(events, Contains(R"("duration_ms":241000)"));
  CHECK(rig.process().waitForLog("not published: not JSON"));
  CHECK(rig.process().waitForLog("readable again"));

  // Touched or rewritten with the same content: the same event, not a second one.
  { std::ofstream(file) << R"({"current":{"title":"Half Written","artist":"Caf)" << '\xe9' << R"( Tacvba","length":"4:01"}})"; }
  std::this_thread::sleep_for(800ms);
  CHECK(rig.titles().size() == 1);
  // Too large: reported, not read.
  { std::ofstream(file) << std::string(70 * 1024, ' '); }
  CHECK(rig.process().waitForLog("over max_file_size (65536)"));
  CHECK(rig.titles().size() == 1);
  std::filesystem::remove_all(dir);
}
