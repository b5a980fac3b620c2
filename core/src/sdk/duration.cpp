#include <airbridge/duration.hpp>

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <cstdint>

namespace airbridge {
namespace {

struct Unit {
  std::string_view suffix;
  std::int64_t milliseconds;
};
// Longest suffix first so "ms" is not read as "m" followed by garbage.
constexpr std::array<Unit, 5> kUnits{{{"ms", 1}, {"h", 3'600'000}, {"m", 60'000}, {"s", 1'000},
                                      {"d", 86'400'000}}};

}  // namespace

bool parseDuration(std::string_view text, Duration& out) {
  if (text.empty()) return false;
  std::int64_t total = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
    std::int64_t number = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
      if (__builtin_mul_overflow(number, 10, &number) ||
          __builtin_add_overflow(number, text[i++] - '0', &number)) {
        return false;
      }
    }
    const Unit* unit = nullptr;
    for (const auto& candidate : kUnits) {
      if (text.substr(i).starts_with(candidate.suffix)) {
        unit = &candidate;
        break;
      }
    }
    if (!unit) return false;  // a bare number has no unit: "30" could mean anything
    i += unit->suffix.size();
    std::int64_t part = 0;
    if (__builtin_mul_overflow(number, unit->milliseconds, &part)) return false;
    if (__builtin_add_overflow(total, part, &total)) return false;
  }
  out = Duration{total};
  return true;
}

std::string formatDuration(Duration value) {
  const std::int64_t ms = value.count();
  if (ms == 0) return "0s";
  constexpr std::array<Unit, 4> kLargestFirst{{{"d", 86'400'000}, {"h", 3'600'000},
                                                {"m", 60'000}, {"s", 1'000}}};
  for (const auto& unit : kLargestFirst) {
    if (ms % unit.milliseconds == 0) return fmt::format("{}{}", ms / unit.milliseconds, unit.suffix);
  }
  return fmt::format("{}ms", ms);
}

}  // namespace airbridge
