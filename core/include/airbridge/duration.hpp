#pragma once
/// How long things take in airbridge: one millisecond type for config values, timeouts and
/// backoffs, and how durations are written ("500ms", "30s", "10m", "2h", "1h30m").

#include <airbridge/sdk_export.hpp>

#include <chrono>
#include <string>
#include <string_view>

namespace airbridge {

using Duration = std::chrono::milliseconds;

/// No duration in a config may be longer: a longer one is a typo, and anything up to it still
/// fits a clock's nanoseconds when added to now.
inline constexpr Duration kLongestConfigDuration = std::chrono::hours{24 * 366};

/// "10m", "1500ms", "1h30m" -> milliseconds; false when not a duration or when it overflows.
AIRBRIDGE_SDK_API bool parseDuration(std::string_view text, Duration& out);
/// The shortest exact spelling: 600000 -> "10m", 1500 -> "1500ms".
AIRBRIDGE_SDK_API std::string formatDuration(Duration value);

}  // namespace airbridge
