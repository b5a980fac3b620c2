#include <airbridge/utf8.hpp>

#include <cstdint>

namespace airbridge {

bool isValidUtf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t extra = 0;
    std::uint32_t code = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      extra = 1;
      code = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
      code = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3;
      code = c & 0x07;
    } else {
      return false;
    }
    if (i + extra >= text.size()) return false;  // cut short
    for (std::size_t k = 1; k <= extra; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code = (code << 6) | (next & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    if ((extra == 1 && code < 0x80) || (extra == 2 && code < 0x800) ||
        (extra == 3 && code < 0x10000) || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
      return false;
    }
    i += extra + 1;
  }
  return true;
}

namespace {
constexpr std::string_view kEllipsis = "\xE2\x80\xA6";
}

std::string_view utf8Prefix(std::string_view text, std::size_t max_bytes, bool ellipsis) {
  if (text.size() <= max_bytes) return text;
  std::size_t end = ellipsis && max_bytes >= kEllipsis.size() ? max_bytes - kEllipsis.size() : max_bytes;
  // text[end] is the first byte left out: if it continues a character, leave that one out too.
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

bool capUtf8(std::string& text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return false;
  const std::size_t keep = utf8Prefix(text, max_bytes, true).size();
  text.resize(keep);
  if (max_bytes >= kEllipsis.size()) text.append(kEllipsis);
  return true;
}

}  // namespace airbridge
