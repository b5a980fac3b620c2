#include "pad_stream_framer.hpp"

#include <catch2/catch.hpp>

using airbridge::rivendell::PadStreamFramer;

TEST_CASE("rivendell framer: the same documents whatever the split, strings respected", "[rivendell][framer]") {
  const std::string stream = "{\"a\":\"} {\\\"\"}\r\n\r\n junk {\"b\":[{\"c\":1}]}{\"d\":2}";
  const std::vector<std::string> expected{"{\"a\":\"} {\\\"\"}", "{\"b\":[{\"c\":1}]}", "{\"d\":2}"};
  for (std::size_t split = 0; split <= stream.size(); ++split) {
    PadStreamFramer framer(1024);
    auto documents = framer.feed(std::string_view(stream).substr(0, split));
    for (auto& more : framer.feed(std::string_view(stream).substr(split))) documents.push_back(more);
    CHECK(documents == expected);
    CHECK(framer.skippedBytes() == 4);
  }
}

TEST_CASE("rivendell framer: an oversized document is dropped whole and framing resumes", "[rivendell][framer]") {
  PadStreamFramer framer(32);
  const auto documents = framer.feed("{\"x\":\"" + std::string(100, 'y') + "\"}{\"ok\":1}");
  CHECK(documents == std::vector<std::string>{"{\"ok\":1}"});
  CHECK(framer.oversized() == 1);
}
