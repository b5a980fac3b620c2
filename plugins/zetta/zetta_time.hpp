#pragma once
// Zetta's time and length attributes, normalized for the event model.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace airbridge::zetta {

/// ISO 8601 ("2026-09-14T19:03:12Z", with fraction or offset, or no zone meaning UTC) to
/// RFC 3339 UTC ("2026-09-14T19:03:12Z", ".250" kept when not whole). nullopt when not a time.
std::optional<std::string> toRfc3339Utc(std::string_view text);
/// TotalLength: decimal seconds ("257.92") to milliseconds.
std::optional<std::int64_t> secondsToMillis(std::string_view text);
/// Duration: "mm:ss" or "h:mm:ss" to milliseconds.
std::optional<std::int64_t> clockToMillis(std::string_view text);

}  // namespace airbridge::zetta
