#pragma once
// Slots and terms for the schedule's unit tests, built in code rather than from files.

#include "term_schedule.hpp"

#include <chrono>
#include <utility>
#include <vector>

namespace airbridge::schedule::testing {

inline constexpr unsigned kSunday = 0, kMonday = 1, kSaturday = 6;

inline Slot slot(const char* name, unsigned weekday, std::chrono::seconds start, std::chrono::seconds end) {
  Slot s;
  s.name = name;
  s.weekday = weekday;
  s.start = start;
  s.end = end;
  s.position = "test.yaml:1:1";
  return s;
}

/// A term with no dates, "weekly": on air every week.
inline Term undatedTerm(std::vector<Slot> slots) {
  Term term;
  term.id = "weekly";
  term.slots = std::move(slots);
  return term;
}

}  // namespace airbridge::schedule::testing
