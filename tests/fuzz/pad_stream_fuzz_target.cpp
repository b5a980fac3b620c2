// libFuzzer target: arbitrary bytes as Rivendell's PAD stream, fed to the framer in pieces
// whose sizes the input's first byte picks, each framed document read as a PAD update. No
// crash, hang or unbounded growth; every document is within max_document_size and starts and
// ends with braces; an update's cart has a title and valid UTF-8 text.

#include "pad_stream_framer.hpp"
#include "pad_update.hpp"

#include <airbridge/utf8.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

namespace {

void require(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t piece = data[0] == 0 ? 1 : data[0];
  const std::string_view stream(reinterpret_cast<const char*>(data) + 1, size - 1);
  airbridge::rivendell::RivendellConfig config;
  config.max_document_size = 4096;
  airbridge::rivendell::PadStreamFramer framer(config.max_document_size);
  for (std::size_t at = 0; at < stream.size(); at += piece) {
    for (const auto& document : framer.feed(stream.substr(at, piece))) {
      require(document.size() <= config.max_document_size);
      require(document.front() == '{' && (document.back() == '}' || document.back() == ']'));
      std::string why;
      if (const auto update = airbridge::rivendell::readPadUpdate(document, config, "fuzz", why)) {
        if (update->now) {
          require(!update->now->title.empty());
          require(airbridge::isValidUtf8(update->now->title) && airbridge::isValidUtf8(update->now->artist));
          require(!update->now->duration_ms || *update->now->duration_ms > 0);
        }
      } else {
        require(!why.empty());
      }
    }
  }
  return 0;
}
