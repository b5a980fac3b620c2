#include <airbridge/form_encoding.hpp>

#include <fmt/format.h>

namespace airbridge {
namespace {

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/// What a refusal quotes of a piece: short and printable, whatever the client sent.
std::string shown(std::string_view text) {
  std::string out;
  for (char c : text.substr(0, 40)) out += (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') ? c : '?';
  return text.size() > 40 ? out + "..." : out;
}

}  // namespace

bool percentDecode(std::string_view text, std::string& out) {
  out.clear();
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%') {
      if (text.size() - i < 3) return false;
      const int high = hexValue(text[i + 1]);
      const int low = hexValue(text[i + 2]);
      if (high < 0 || low < 0) return false;
      out += static_cast<char>(high * 16 + low);
      i += 2;
    } else {
      out += c;
    }
  }
  return true;
}

std::optional<FormPairs> decodeForm(std::string_view text, std::size_t max_pairs, std::string& why) {
  FormPairs pairs;
  while (!text.empty()) {
    const std::size_t amp = text.find('&');
    const std::string_view pair = text.substr(0, amp);
    text.remove_prefix(amp == std::string_view::npos ? text.size() : amp + 1);
    if (pair.empty()) continue;
    if (pairs.size() == max_pairs) {
      why = fmt::format("more than {} parameters", max_pairs);
      return std::nullopt;
    }
    const std::size_t equals = pair.find('=');
    std::string name, value;
    if (!percentDecode(pair.substr(0, equals), name) ||
        (equals != std::string_view::npos && !percentDecode(pair.substr(equals + 1), value))) {
      why = fmt::format("'{}' has a bad % escape (use %XX with two hex digits)", shown(pair));
      return std::nullopt;
    }
    pairs.emplace_back(std::move(name), std::move(value));
  }
  return pairs;
}

}  // namespace airbridge
