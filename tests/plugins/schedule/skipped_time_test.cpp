// Shows in the hour the clocks skip at spring-forward: refused at load for the dates checked,
// and never announced with zero length for dates beyond them.

#include "on_air_calculator.hpp"
#include "schedule_fixtures.hpp"

#include <catch2/catch.hpp>

using namespace airbridge::schedule;
using namespace std::chrono;

using namespace airbridge::schedule::testing;

TEST_CASE("skipped time: an undated weekly show in the gap is found in the coming year",
          "[schedule][dst]") {
  const std::vector<Term> terms{undatedTerm({slot("Small Hours", 0, 2h, 2h + 30min),
                                             slot("Through The Gap", 0, 1h, 3h + 30min),
                                             slot("Monday Small Hours", 1, 2h, 2h + 30min)})};
  OnAirCalculator chicago(terms, "America/Chicago");
  const auto problems = chicago.slotsInSkippedTime(sys_days{year{2026} / December / 2});
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].find("'Small Hours' (sunday 02:00-02:30)") != std::string::npos);
  CHECK(problems[0].find("2027-03-14 (02:00-03:00") != std::string::npos);
  // A zone without DST skips nothing.
  OnAirCalculator utc(terms, "UTC");
  CHECK(utc.slotsInSkippedTime(sys_days{year{2026} / December / 2}).empty());
}

TEST_CASE("skipped time: a show in the gap past the checked year is never 'next' with no length",
          "[schedule][dst]") {
  const std::vector<Term> terms{undatedTerm({slot("Small Hours", 0, 2h, 2h + 30min),
                                             slot("Sunday Morning", 0, 9h, 10h + 0min)})};
  OnAirCalculator chicago(terms, "America/Chicago");
  // 01:59 CST on 2027-03-14: 02:00-02:30 does not exist that day; next is the 09:00 show.
  const sys_seconds before{sys_days{year{2027} / March / 14} + 7h + 59min};
  const auto next = chicago.next(before);
  REQUIRE(next);
  CHECK(next->slot->name == "Sunday Morning");
  CHECK(next->ends > next->starts);
  CHECK_FALSE(chicago.onAir(before + 2min));
  // The week after (01:59 CDT, now UTC-5), it airs as usual.
  const auto later = chicago.next(sys_seconds{sys_days{year{2027} / March / 21} + 6h + 59min});
  REQUIRE(later);
  CHECK(later->slot->name == "Small Hours");
  CHECK(later->ends - later->starts == 30min);
}
