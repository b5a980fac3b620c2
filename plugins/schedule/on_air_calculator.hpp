#pragma once
// What is on air at an instant, and what comes next, from the terms and the station's IANA time
// zone. Slots are station-local wall-clock times, so a 10:00 show starts at 10:00 local on both
// sides of a DST change; a slot that starts in the hour skipped at spring-forward starts at the
// first valid local time after it.

#include "term_schedule.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace date {
class time_zone;
}

namespace airbridge::schedule {

struct Occurrence {
  const Term* term = nullptr;
  const Slot* slot = nullptr;
  std::chrono::sys_seconds starts;
  std::chrono::sys_seconds ends;
};

class OnAirCalculator {
 public:
  /// Throws std::runtime_error when `timezone` is not an IANA zone name.
  OnAirCalculator(const std::vector<Term>& terms, const std::string& timezone);

  std::optional<Occurrence> onAir(std::chrono::sys_seconds at) const;
  /// The first show starting after `at` (within the next two weeks).
  std::optional<Occurrence> next(std::chrono::sys_seconds at) const;
  /// The term whose dates cover `at`'s local date (an undated term when none does).
  const Term* termAt(std::chrono::sys_seconds at) const;

  /// Slots that fall wholly inside the hour the clocks skip at spring-forward on a day they are
  /// scheduled, so they would never air that day: one "FILE:LINE:COL: ..." line each. Dated
  /// terms are checked over their dates (at most two years), undated ones over the year after
  /// `today`.
  std::vector<std::string> slotsInSkippedTime(std::chrono::sys_days today) const;

  /// "2026-11-01T10:00:00-06:00": local time with its UTC offset.
  std::string formatLocal(std::chrono::sys_seconds at) const;

 private:
  /// Occurrences of every slot that starts on local day `day`.
  void occurrencesOn(std::chrono::local_days day, std::vector<Occurrence>& out) const;
  const Term* termOn(std::chrono::year_month_day day) const;

  const std::vector<Term>& terms_;
  const date::time_zone* zone_;
};

}  // namespace airbridge::schedule
