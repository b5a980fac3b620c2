#pragma once
// bus.max_field_bytes: every text field of an event is cut to this size (at a UTF-8 boundary,
// ending in "…") before the bus dedupes, stores, logs or hands it to any sink, so a hostile or
// broken source cannot make one title cost megabytes in every client, log line and row.

#include <airbridge/track_event.hpp>

#include <cstddef>

namespace airbridge::core {

/// Caps every text field of `event` (nested upcoming events and assets included); returns how
/// many fields were cut.
std::size_t capFields(EventPayload& event, std::size_t max_bytes);

}  // namespace airbridge::core
