#pragma once
// The program schedule as loaded from one file per term: plain values, station-local times.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace airbridge::schedule {

/// One weekly slot: a show on one weekday from `start` to `end` (local time of day). An `end` at
/// or before `start` means the show runs past midnight into the next day.
struct Slot {
  std::string name;
  std::vector<std::string> djs;
  std::string description;
  unsigned weekday = 0;                  ///< 0 = Sunday ... 6 = Saturday
  std::chrono::seconds start{0};
  std::chrono::seconds end{0};
  std::string position;                  ///< FILE:LINE:COL, for messages
  /// Length, accounting for a show that crosses midnight.
  std::chrono::seconds length() const {
    return end > start ? end - start : end + std::chrono::hours{24} - start;
  }
};

struct Term {
  std::string id;          ///< "2026-fall"; the file name when the file does not say
  std::string name;        ///< "Fall 2026"
  std::optional<std::chrono::year_month_day> starts;  ///< first day (local), none: open
  std::optional<std::chrono::year_month_day> ends;    ///< last day (local), none: open
  std::string file;
  std::vector<Slot> slots;

  bool covers(std::chrono::year_month_day day) const {
    const auto d = std::chrono::sys_days{day};
    return (!starts || d >= std::chrono::sys_days{*starts}) && (!ends || d <= std::chrono::sys_days{*ends});
  }
  bool dated() const { return starts.has_value() || ends.has_value(); }
};

const char* weekdayName(unsigned weekday);
/// "14:00" or "14:00:30" (or "24:00" as an end).
std::string formatTimeOfDay(std::chrono::seconds time);

}  // namespace airbridge::schedule
