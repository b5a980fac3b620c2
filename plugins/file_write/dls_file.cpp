#include "dls_file.hpp"

#include <fmt/format.h>

namespace airbridge::file_write {
namespace {
constexpr int kItemTitle = 1;
constexpr int kItemArtist = 4;

/// Characters in the first `bytes` bytes of `text`.
std::size_t charactersIn(const std::string& text, std::size_t bytes, bool utf8) {
  if (!utf8) return bytes;
  std::size_t count = 0;
  for (std::size_t i = 0; i < bytes && i < text.size(); ++i) {
    count += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
  }
  return count;
}
}  // namespace

std::string dlsFile(const std::string& label, const std::string& title, const std::string& artist,
                    bool running, bool toggle, bool utf8) {
  auto tag = [&](int type, std::size_t at, const std::string& item) {
    return fmt::format("DL_PLUS_TAG={} {} {}\n", type, charactersIn(label, at, utf8),
                       charactersIn(item, item.size(), utf8) - 1);
  };
  std::string out = "##### parameters { #####\nDL_PLUS=1\n";
  out += fmt::format("DL_PLUS_ITEM_TOGGLE={}\nDL_PLUS_ITEM_RUNNING={}\n", toggle ? 1 : 0, running ? 1 : 0);
  if (running) {
    const std::size_t artistAt = artist.empty() ? std::string::npos : label.find(artist);
    if (artistAt != std::string::npos) {
      out += tag(kItemArtist, artistAt, artist);
    }
    std::size_t titleAt = title.empty() ? std::string::npos
                                        : label.find(title, artistAt == std::string::npos ? 0 : artistAt + artist.size());
    if (titleAt == std::string::npos && !title.empty()) titleAt = label.find(title);
    if (titleAt != std::string::npos) out += tag(kItemTitle, titleAt, title);
  }
  out += "##### parameters } #####\n" + label + "\n";
  return out;
}

}  // namespace airbridge::file_write
