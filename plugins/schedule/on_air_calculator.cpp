#include "on_air_calculator.hpp"

#include <date/tz.h>
#include <fmt/format.h>

#include <stdexcept>

namespace airbridge::schedule {
namespace {
using namespace std::chrono;

// date::tz works with its own local_time (date::local_t); std's calendar types do the rest.
date::local_seconds toDateLocal(local_seconds t) { return date::local_seconds{t.time_since_epoch()}; }
local_seconds fromDateLocal(date::local_seconds t) { return local_seconds{t.time_since_epoch()}; }
}  // namespace

OnAirCalculator::OnAirCalculator(const std::vector<Term>& terms, const std::string& timezone)
    : terms_(terms) {
  try {
    zone_ = date::locate_zone(timezone);
  } catch (const std::exception&) {
    throw std::runtime_error(fmt::format("'{}' is not an IANA time zone (like America/Chicago)", timezone));
  }
}

const Term* OnAirCalculator::termOn(year_month_day day) const {
  const Term* undated = nullptr;
  for (const auto& term : terms_) {
    if (term.dated() && term.covers(day)) return &term;
    if (!term.dated() && !undated) undated = &term;
  }
  return undated;
}

const Term* OnAirCalculator::termAt(sys_seconds at) const {
  const auto local = fromDateLocal(zone_->to_local(at));
  return termOn(year_month_day{floor<days>(local)});
}

void OnAirCalculator::occurrencesOn(local_days day, std::vector<Occurrence>& out) const {
  const Term* term = termOn(year_month_day{day});
  if (!term) return;
  const unsigned weekdayIndex = weekday{day}.c_encoding();
  for (const auto& slot : term->slots) {
    if (slot.weekday != weekdayIndex) continue;
    const local_seconds localStart = day + slot.start;
    const local_seconds localEnd = localStart + slot.length();
    // A wall-clock time skipped at spring-forward maps to the first instant after the gap; one
    // that happens twice at fall-back maps to its first occurrence.
    const auto starts = zone_->to_sys(toDateLocal(localStart), date::choose::earliest);
    const auto ends = zone_->to_sys(toDateLocal(localEnd), date::choose::earliest);
    // Wholly inside the skipped hour: it does not happen that day (the loader refuses such
    // slots for the dates it checks; this keeps a zero-length show from being announced after).
    if (ends <= starts) continue;
    out.push_back(Occurrence{term, &slot, sys_seconds{starts.time_since_epoch()},
                             sys_seconds{ends.time_since_epoch()}});
  }
}

std::optional<Occurrence> OnAirCalculator::onAir(sys_seconds at) const {
  const local_days today = floor<days>(fromDateLocal(zone_->to_local(at)));
  std::vector<Occurrence> candidates;
  occurrencesOn(today - days{1}, candidates);  // a show that started yesterday, past midnight
  occurrencesOn(today, candidates);
  for (const auto& occurrence : candidates) {
    if (occurrence.starts <= at && at < occurrence.ends) return occurrence;
  }
  return std::nullopt;
}

std::optional<Occurrence> OnAirCalculator::next(sys_seconds at) const {
  const local_days today = floor<days>(fromDateLocal(zone_->to_local(at)));
  std::optional<Occurrence> best;
  for (int offset = 0; offset <= 14; ++offset) {
    std::vector<Occurrence> candidates;
    occurrencesOn(today + days{offset}, candidates);
    for (const auto& occurrence : candidates) {
      if (occurrence.starts > at && (!best || occurrence.starts < best->starts)) best = occurrence;
    }
    if (best) return best;
  }
  return best;
}

std::vector<std::string> OnAirCalculator::slotsInSkippedTime(sys_days today) const {
  std::vector<std::string> problems;
  for (const auto& term : terms_) {
    const sys_days first = term.starts ? sys_days{*term.starts} : today;
    const sys_days last = term.ends ? std::min(sys_days{*term.ends}, first + days{731}) : first + days{366};
    // Walk the zone's transitions from the day before the first day to the day after the last.
    auto info = zone_->get_info(date::sys_seconds{(first - days{1}).time_since_epoch()});
    while (info.end.time_since_epoch() < (last + days{2}).time_since_epoch()) {
      const date::sys_seconds change = info.end;
      const auto before = info.offset;
      info = zone_->get_info(change);
      if (info.offset <= before) continue;  // fall-back or a rename: no local time is skipped
      const local_seconds gapStart{(change + before).time_since_epoch()};
      const local_days day = floor<days>(gapStart);
      const seconds gapFrom = gapStart - day;
      const seconds gapTo = gapFrom + (info.offset - before);
      const year_month_day date{day};
      if (!term.covers(date) || sys_days{date} < first) continue;
      const unsigned weekdayIndex = weekday{day}.c_encoding();
      for (const auto& slot : term.slots) {
        if (slot.weekday != weekdayIndex || slot.start < gapFrom || slot.start + slot.length() > gapTo) continue;
        problems.push_back(fmt::format(
            "{}: {}: '{}' ({} {}-{}) falls wholly in the time the clocks skip on {:04}-{:02}-{:02} ({}-{} does "
            "not exist in {}), so it would not air that day; move it to end after {}",
            slot.position, term.id, slot.name, weekdayName(slot.weekday), formatTimeOfDay(slot.start),
            formatTimeOfDay(slot.end), static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
            static_cast<unsigned>(date.day()), formatTimeOfDay(gapFrom),
            formatTimeOfDay(gapTo), zone_->name(), formatTimeOfDay(gapTo)));
      }
    }
  }
  return problems;
}

std::string OnAirCalculator::formatLocal(sys_seconds at) const {
  const auto info = zone_->get_info(date::sys_seconds{at.time_since_epoch()});
  const auto local = at + info.offset;
  const auto day = floor<days>(local);
  const year_month_day ymd{day};
  const hh_mm_ss time{local - day};
  const auto offset = duration_cast<minutes>(info.offset).count();
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}{:02}:{:02}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                     time.hours().count(), time.minutes().count(), time.seconds().count(),
                     offset < 0 ? '-' : '+', std::abs(offset) / 60, std::abs(offset) % 60);
}

}  // namespace airbridge::schedule
