#include "text_encoding.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>

namespace airbridge::zetta {
namespace {

// windows-1252 0x80..0x9F; 0 marks the five unassigned bytes (kept as U+FFFD).
constexpr std::array<std::uint16_t, 32> kCp1252High{
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

void appendUtf8(std::string& out, std::uint32_t code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

std::string windows1252ToUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (unsigned char c : text) {
    if (c >= 0x80 && c <= 0x9F) {
      const std::uint16_t mapped = kCp1252High[c - 0x80];
      appendUtf8(out, mapped ? mapped : 0xFFFD);
    } else {
      appendUtf8(out, c);
    }
  }
  return out;
}

std::string latin1ToUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (unsigned char c : text) appendUtf8(out, c);
  return out;
}

std::optional<Utf8Document> toUtf8Document(std::string_view document, std::string& why) {
  Utf8Document result;
  if (document.starts_with("\xEF\xBB\xBF")) document.remove_prefix(3);
  std::string_view body = document;
  if (document.starts_with("<?xml")) {
    const auto close = document.find("?>");
    if (close == std::string_view::npos) {
      why = "the <?xml ...?> declaration is not closed";
      return std::nullopt;
    }
    const std::string declaration = lower(document.substr(0, close));
    body = document.substr(close + 2);
    if (const auto at = declaration.find("encoding"); at != std::string::npos) {
      const auto quote = declaration.find_first_of("\"'", at);
      const auto end = quote == std::string::npos ? quote : declaration.find(declaration[quote], quote + 1);
      if (end == std::string::npos) {
        why = "the encoding in the <?xml ...?> declaration is not quoted";
        return std::nullopt;
      }
      result.declared = declaration.substr(quote + 1, end - quote - 1);
    }
  }
  const std::string& enc = result.declared;
  if (enc.empty() || enc == "utf-8" || enc == "utf8" || enc == "us-ascii" || enc == "ascii") {
    if (isValidUtf8(body)) {
      result.text = std::string(body);
    } else {
      result.text = windows1252ToUtf8(body);
      result.repaired = true;
    }
  } else if (enc == "windows-1252" || enc == "cp1252" || enc == "x-cp1252") {
    result.text = windows1252ToUtf8(body);
  } else if (enc == "iso-8859-1" || enc == "latin1" || enc == "latin-1" || enc == "iso8859-1") {
    result.text = latin1ToUtf8(body);
  } else {
    why = "encoding '" + enc + "' is not supported; configure Zetta to send utf-8 or windows-1252";
    return std::nullopt;
  }
  return result;
}

}  // namespace airbridge::zetta
