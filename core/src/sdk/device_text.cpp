#include <airbridge/device_text.hpp>

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <memory>
#include <stdexcept>

namespace airbridge {
namespace {

bool isControl(UChar32 c) { return c < 0x20 || (c >= 0x7F && c <= 0x9F); }

/// Calls `each(code_point)` for every character; invalid sequences come as U+FFFD. Decoding is
/// ICU's own (UnicodeString::fromUTF8): its U8_ macros would expand here, in code built with
/// the integer sanitizer, and their deliberate narrowing would be reported.
template <typename Each>
void forEachCodePoint(std::string_view utf8, Each each) {
  const icu::UnicodeString text =
      icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<std::int32_t>(utf8.size())));
  for (std::int32_t i = 0; i < text.length(); i = text.moveIndex32(i, 1)) each(text.char32At(i));
}

void appendUtf8(std::string& out, UChar32 c) {
  const auto code = static_cast<std::uint32_t>(c);
  auto byte = [&](std::uint32_t value) { out += static_cast<char>(static_cast<unsigned char>(value & 0xFFu)); };
  if (code < 0x80) {
    byte(code);
  } else if (code < 0x800) {
    byte(0xC0u | (code >> 6));
    byte(0x80u | (code & 0x3Fu));
  } else if (code < 0x10000) {
    byte(0xE0u | (code >> 12));
    byte(0x80u | ((code >> 6) & 0x3Fu));
    byte(0x80u | (code & 0x3Fu));
  } else {
    byte(0xF0u | (code >> 18));
    byte(0x80u | ((code >> 12) & 0x3Fu));
    byte(0x80u | ((code >> 6) & 0x3Fu));
    byte(0x80u | (code & 0x3Fu));
  }
}

/// One per thread: an ICU Transliterator is not safe to share between threads.
icu::Transliterator& toLatinAscii() {
  thread_local std::unique_ptr<icu::Transliterator> transliterator = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> made(icu::Transliterator::createInstance(
        "Any-Latin; Latin-ASCII", UTRANS_FORWARD, status));
    if (U_FAILURE(status) || !made) {
      throw std::runtime_error(std::string("ICU cannot transliterate to ASCII: ") + u_errorName(status));
    }
    return made;
  }();
  return *transliterator;
}

/// Spaces folded into one, none at either end.
std::string foldSpaces(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace

std::string withoutControlCharacters(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  forEachCodePoint(utf8, [&](UChar32 c) { appendUtf8(out, isControl(c) ? ' ' : c); });
  return out;
}

std::string toAscii(std::string_view utf8) {
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(withoutControlCharacters(utf8));
  toLatinAscii().transliterate(text);
  std::string ascii;
  ascii.reserve(static_cast<std::size_t>(text.length()));
  for (std::int32_t i = 0; i < text.length(); i = text.moveIndex32(i, 1)) {
    const UChar32 c = text.char32At(i);
    if (c < 0x80) ascii += isControl(c) ? ' ' : static_cast<char>(c);
  }
  return foldSpaces(ascii);
}

std::string toLatin1(std::string_view utf8) {
  std::string out;
  std::string outside;  // a run of characters Latin-1 lacks, transliterated as one
  auto flush = [&] {
    if (outside.empty()) return;
    out += toAscii(outside);
    outside.clear();
  };
  forEachCodePoint(utf8, [&](UChar32 c) {
    if (c < 0x100) {
      flush();
      out += isControl(c) ? ' ' : static_cast<char>(static_cast<unsigned char>(static_cast<std::uint32_t>(c) & 0xFFu));
    } else {
      appendUtf8(outside, c);
    }
  });
  flush();
  return out;
}

std::string fitToWidth(std::string_view utf8, std::size_t max_characters) {
  // Byte offset where each character starts, up to one past the limit.
  std::size_t characters = 0;
  std::size_t cut = utf8.size();
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    if ((static_cast<unsigned char>(utf8[i]) & 0xC0) == 0x80) continue;  // continuation byte
    if (characters == max_characters) {
      cut = i;
      break;
    }
    ++characters;
  }
  if (cut == utf8.size()) return std::string(utf8);
  std::string_view kept = utf8.substr(0, cut);
  // A word boundary that keeps at least half the width, unless the cut already is one.
  if (utf8[cut] != ' ') {
    const std::size_t space = kept.rfind(' ');
    std::size_t before = 0;
    if (space != std::string_view::npos) {
      for (std::size_t i = 0; i < space; ++i) before += (static_cast<unsigned char>(kept[i]) & 0xC0) != 0x80;
    }
    if (space != std::string_view::npos && before * 2 >= max_characters) kept = kept.substr(0, space);
  }
  while (!kept.empty() && std::string_view(" ,;:-/").find(kept.back()) != std::string_view::npos) {
    kept.remove_suffix(1);
  }
  return std::string(kept);
}

}  // namespace airbridge
