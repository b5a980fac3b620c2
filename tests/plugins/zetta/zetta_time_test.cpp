#include "zetta_time.hpp"

#include <catch2/catch.hpp>

using namespace airbridge::zetta;

TEST_CASE("zetta time: ISO 8601 to RFC 3339 UTC", "[zetta][time]") {
  CHECK(toRfc3339Utc("2026-09-14T19:03:12Z") == "2026-09-14T19:03:12Z");
  CHECK(toRfc3339Utc("2026-09-14T19:03:12") == "2026-09-14T19:03:12Z");
  CHECK(toRfc3339Utc("2026-09-14T19:03:12.25Z") == "2026-09-14T19:03:12.250Z");
  CHECK(toRfc3339Utc("2026-09-14T14:03:12-05:00") == "2026-09-14T19:03:12Z");
  CHECK(toRfc3339Utc("2026-12-31T23:30:00-01:00") == "2027-01-01T00:30:00Z");
  CHECK(toRfc3339Utc("2026-09-14T19:03:12+0530") == "2026-09-14T13:33:12Z");
  CHECK_FALSE(toRfc3339Utc("9/14/2026 2:03:12 PM"));
  CHECK_FALSE(toRfc3339Utc("2026-02-30T00:00:00Z"));
  CHECK_FALSE(toRfc3339Utc("2026-09-14T25:00:00Z"));
  CHECK_FALSE(toRfc3339Utc("2026-09-14T19:03:12Zjunk"));
}

TEST_CASE("zetta time: lengths", "[zetta][time]") {
  CHECK(secondsToMillis("257.92") == 257920);
  CHECK(secondsToMillis("30") == 30000);
  CHECK_FALSE(secondsToMillis(""));
  CHECK_FALSE(secondsToMillis("-1"));
  CHECK_FALSE(secondsToMillis("abc"));
  CHECK(clockToMillis("04:14") == 254000);
  CHECK(clockToMillis("1:02:03") == 3723000);
  CHECK_FALSE(clockToMillis("4"));
  CHECK_FALSE(clockToMillis("04:75"));
  CHECK_FALSE(clockToMillis("a:b"));
  CHECK_FALSE(clockToMillis("1:02:03:04"));
  CHECK_FALSE(clockToMillis("2147483647:59:59:59:59:59:59:59:59:59:59:59:59:59:59"));  // once overflowed
}
