// What is on air and what is next, from slots in station-local time, across midnight, across a
// DST change and across terms.

#include "on_air_calculator.hpp"
#include "schedule_fixtures.hpp"

#include <catch2/catch.hpp>

using namespace airbridge::schedule;
using namespace std::chrono;

using namespace airbridge::schedule::testing;

namespace {
sys_seconds utc(year_month_day day, seconds time_of_day) { return sys_days{day} + time_of_day; }
}  // namespace

TEST_CASE("on air: a show is on air from its local start to its end, then the next one",
          "[schedule][calculator]") {
  const std::vector<Term> terms{undatedTerm({slot("Morning", kSunday, 10h, 12h), slot("Noon", kSunday, 12h, 13h)})};
  const OnAirCalculator calculator(terms, "America/Chicago");
  // 2026-10-25 is a Sunday in CDT (UTC-5): 10:00 local is 15:00Z.
  const auto during = calculator.onAir(utc(2026y / October / 25, 15h + 30min));
  REQUIRE(during);
  CHECK(during->slot->name == "Morning");
  CHECK(during->starts == utc(2026y / October / 25, 15h));
  CHECK(during->ends == utc(2026y / October / 25, 17h));
  CHECK(during->term == &terms[0]);
  // The end is exclusive: at 12:00 local the next show is on.
  CHECK(calculator.onAir(utc(2026y / October / 25, 17h))->slot->name == "Noon");
  CHECK_FALSE(calculator.onAir(utc(2026y / October / 25, 14h + 59min)));
  const auto next = calculator.next(utc(2026y / October / 25, 14h));
  REQUIRE(next);
  CHECK(next->slot->name == "Morning");
  CHECK(calculator.formatLocal(during->starts) == "2026-10-25T10:00:00-05:00");
}

TEST_CASE("on air: local times hold across the autumn DST change", "[schedule][calculator][dst]") {
  const std::vector<Term> terms{undatedTerm({slot("Morning", kSunday, 10h, 12h)})};
  const OnAirCalculator calculator(terms, "America/Chicago");
  // 2026-11-01: clocks go back at 02:00; 10:00 local is now CST (UTC-6), 16:00Z.
  CHECK_FALSE(calculator.onAir(utc(2026y / November / 1, 15h + 30min)));
  const auto after = calculator.onAir(utc(2026y / November / 1, 16h + 30min));
  REQUIRE(after);
  CHECK(after->starts == utc(2026y / November / 1, 16h));
  CHECK(calculator.formatLocal(after->starts) == "2026-11-01T10:00:00-06:00");
}

TEST_CASE("on air: a show past midnight is on air the next morning", "[schedule][calculator]") {
  const std::vector<Term> terms{undatedTerm({slot("Late Night", kSaturday, 22h, 2h)})};
  const OnAirCalculator calculator(terms, "America/Chicago");
  // Saturday 2026-10-24 22:00 CDT is 03:00Z on the 25th; it ends 02:00 CDT, 07:00Z.
  const auto late = calculator.onAir(utc(2026y / October / 25, 6h + 30min));
  REQUIRE(late);
  CHECK(late->slot->name == "Late Night");
  CHECK(late->starts == utc(2026y / October / 25, 3h));
  CHECK(late->ends == utc(2026y / October / 25, 7h));
  CHECK_FALSE(calculator.onAir(utc(2026y / October / 25, 7h)));
}

TEST_CASE("on air: a dated term wins over an undated one on its dates, and only there",
          "[schedule][calculator]") {
  Term fall;
  fall.id = "2026-fall";
  fall.starts = 2026y / August / 24;
  fall.ends = 2026y / December / 18;
  fall.slots = {slot("Fall Morning", kSunday, 10h, 12h)};
  const std::vector<Term> terms{fall, undatedTerm({slot("Break Morning", kSunday, 10h, 12h)})};
  const OnAirCalculator calculator(terms, "America/Chicago");
  CHECK(calculator.termAt(utc(2026y / October / 25, 15h))->id == "2026-fall");
  CHECK(calculator.onAir(utc(2026y / October / 25, 15h + 30min))->slot->name == "Fall Morning");
  // 2026-12-20 is a Sunday after the fall term: CST, 10:00 local is 16:00Z.
  CHECK(calculator.termAt(utc(2026y / December / 20, 16h))->id == "weekly");
  CHECK(calculator.onAir(utc(2026y / December / 20, 16h + 30min))->slot->name == "Break Morning");
  CHECK_THROWS(OnAirCalculator(terms, "Not/AZone"));
}
