#pragma once
/// Times as text, the way every airbridge API writes them: RFC 3339 in UTC.

#include <airbridge/sdk_export.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace airbridge {

using UtcMillis = std::chrono::sys_time<std::chrono::milliseconds>;

/// ISO 8601 / RFC 3339: "2026-09-14T19:03:12Z", a fraction, an offset ("-05:00", "+0530"), or
/// no zone at all (read as UTC); 'T' or a space between date and time. nullopt when not a time.
AIRBRIDGE_SDK_API std::optional<UtcMillis> parseIsoTime(std::string_view text);

/// "2026-09-14T19:03:12Z"; with `millis` always ".mmm", otherwise only when not whole seconds.
AIRBRIDGE_SDK_API std::string formatRfc3339(UtcMillis when, bool millis = false);

}  // namespace airbridge
