#include "zetta_time.hpp"

#include <airbridge/time_text.hpp>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>

namespace airbridge::zetta {

std::optional<std::string> toRfc3339Utc(std::string_view text) {
  const auto parsed = parseIsoTime(text);
  if (!parsed) return std::nullopt;
  return formatRfc3339(*parsed);
}

std::optional<std::int64_t> secondsToMillis(std::string_view text) {
  double seconds = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  if (error != std::errc() || end != text.data() + text.size() || !(seconds >= 0) ||
      seconds > 1e9) {
    return std::nullopt;
  }
  return static_cast<std::int64_t>(std::llround(seconds * 1000.0));
}

std::optional<std::int64_t> clockToMillis(std::string_view text) {
  std::int64_t total = 0;
  int parts = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const std::size_t colon = std::min(text.find(':', pos), text.size());
    const std::string_view part = text.substr(pos, colon - pos);
    int value = 0;
    const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (part.empty() || error != std::errc() || end != part.data() + part.size() || value < 0) {
      return std::nullopt;
    }
    if (parts > 0 && value > 59) return std::nullopt;
    if (++parts > 3) return std::nullopt;  // before the product: "1:1:1:1:..." would overflow it
    total = total * 60 + value;
    pos = colon + 1;
  }
  if (parts < 2 || parts > 3) return std::nullopt;
  return total * 1000;
}

}  // namespace airbridge::zetta
