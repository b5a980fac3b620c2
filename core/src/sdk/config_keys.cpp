#include <fmt/format.h>

#include <airbridge/config_keys.hpp>
#include <algorithm>

namespace airbridge {

std::string configValueText(const std::string& value) { return value.empty() ? "none" : value; }
std::string configValueText(bool value) { return value ? "true" : "false"; }
std::string configValueText(std::int64_t value) { return fmt::format("{}", value); }
std::string configValueText(Duration value) { return formatDuration(value); }
std::string configValueText(const SocketAddress& value) { return value.toString(); }

std::string configValueText(const std::vector<std::string>& value) {
  if (value.empty()) return "none";
  return fmt::format("[{}]", fmt::join(value, ", "));
}

namespace {

// A cell must not end the row early: a '|' in help text is written as "\|".
std::string markdownCell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

std::string codeCell(const std::string& text) {
  return text.empty() || text == "none" ? text : fmt::format("`{}`", markdownCell(text));
}

}  // namespace

std::string keyTableMarkdown(const ConfigKeyDocs& keys) {
  std::string out = "| key | type | default | range | meaning |\n|---|---|---|---|---|\n";
  for (const auto& key : keys) {
    out += fmt::format("| `{}` | {} | {} | {} | {} |\n", key.name, markdownCell(key.type),
                       codeCell(key.default_value), codeCell(key.range), markdownCell(key.help));
  }
  return out;
}

std::string keyTableText(const ConfigKeyDocs& keys) {
  std::size_t name = 3, type = 4, fallback = 7, range = 5;
  for (const auto& key : keys) {
    name = std::max(name, key.name.size());
    type = std::max(type, key.type.size());
    fallback = std::max(fallback, key.default_value.size());
    range = std::max(range, key.range.size());
  }
  auto row = [&](const std::string& a, const std::string& b, const std::string& c,
                 const std::string& d, const std::string& e) {
    return fmt::format("{:<{}}  {:<{}}  {:<{}}  {:<{}}  {}\n", a, name, b, type, c, fallback, d,
                       range, e);
  };
  std::string out = row("key", "type", "default", "range", "meaning");
  for (const auto& key : keys)
    out += row(key.name, key.type, key.default_value, key.range, key.help);
  return out;
}

}  // namespace airbridge
