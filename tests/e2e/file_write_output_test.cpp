// The file_write output: a reader polling the file while it is rewritten many times never sees
// a partial one, and the DLS format for DAB+ byte for byte.

#include "support/airbridge_process.hpp"
#include "support/net_client.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <atomic>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

using namespace airbridge::testing;
using namespace std::chrono_literals;

namespace {

std::string readWhole(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string config(const std::filesystem::path& path, const std::string& keys) {
  return configPreamble() + "station:\n  name: KJHK 90.7 FM\n" +
         "sources:\n  - plugin: zetta\n    name: studio\n    listen: 127.0.0.1:0\n"
         "sinks:\n  - plugin: file_write\n    name: file\n" +
         fmt::format("    path: {}\n", path.string()) + keys;
}

}  // namespace

TEST_CASE("file_write e2e: a reader polling the file never sees a partial one", "[e2e][file_write]") {
  TempDir dir;
  const auto path = dir.path() / "nowplaying.txt";
  AirbridgeProcess airbridge(config(path, "    template: \"{{artist}} - {{title}} ({{duration}})\\n\"\n"));
  ZettaFeed feed(airbridge.portAfter("listening for Zetta on "));
  constexpr int kVersions = 40;
  std::set<std::string> complete;
  for (int i = 1; i <= kVersions; ++i) {
    complete.insert(fmt::format("Artist - {} (3:01)\n", fmt::format("Track {} {}", i, std::string(200, 'x'))));
  }
  std::atomic<bool> done{false};
  std::vector<std::string> broken;
  std::set<std::string> seen;
  std::thread reader([&] {
    bool written = false;
    while (!done.load()) {
      const std::string content = readWhole(path);
      if (content.empty() && !written) continue;  // not written yet; after that, empty is broken
      written = true;
      if (complete.count(content) == 0) broken.push_back(content);
      seen.insert(content);
    }
  });
  for (int i = 1; i <= kVersions; ++i) {
    feed.send(zettaDocument(i, fmt::format("Track {} {}", i, std::string(200, 'x'))));
    std::this_thread::sleep_for(5ms);
  }
  const std::string last = fmt::format("Artist - Track {} {} (3:01)\n", kVersions, std::string(200, 'x'));
  CHECK(eventually([&] { return readWhole(path) == last; }, 5s));
  done.store(true);
  reader.join();
  CHECK(broken.empty());
  CHECK(seen.size() > 1);  // the reader did watch it change
}

TEST_CASE("file_write e2e: ODR-PadEnc's DLS file with DL Plus tags and the item toggle", "[e2e][file_write]") {
  TempDir dir;
  const auto path = dir.path() / "dls.txt";
  AirbridgeProcess airbridge(config(path, "    format: dls\n    idle_text: \"{{station}}\"\n"));
  ZettaFeed feed(airbridge.portAfter("listening for Zetta on "));
  feed.send(zettaCase("song"));
  const std::string song =
      "##### parameters { #####\nDL_PLUS=1\nDL_PLUS_ITEM_TOGGLE=1\nDL_PLUS_ITEM_RUNNING=1\n"
      "DL_PLUS_TAG=4 0 17\nDL_PLUS_TAG=1 21 11\n##### parameters } #####\n"
      "The Lowland Static - Glass Harbor\n";
  CHECK(eventually([&] { return readWhole(path) == song; }, 5s));
  INFO(readWhole(path));
  feed.send(zettaCase("link"));
  const std::string link =
      "##### parameters { #####\nDL_PLUS=1\nDL_PLUS_ITEM_TOGGLE=1\nDL_PLUS_ITEM_RUNNING=0\n"
      "##### parameters } #####\nKJHK 90.7 FM\n";
  CHECK(eventually([&] { return readWhole(path) == link; }, 5s));
  feed.send(zettaCase("current-and-next"));
  // A new item flips the toggle; positions count characters, not bytes (ä, Ü).
  const std::string next =
      "##### parameters { #####\nDL_PLUS=1\nDL_PLUS_ITEM_TOGGLE=0\nDL_PLUS_ITEM_RUNNING=1\n"
      "DL_PLUS_TAG=4 0 14\nDL_PLUS_TAG=1 18 21\n##### parameters } #####\n"
      "Kräftig & Söhne - Über den Wolken (Live)\n";
  CHECK(eventually([&] { return readWhole(path) == next; }, 5s));
  INFO(readWhole(path));
}
