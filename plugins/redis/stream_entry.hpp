#pragma once
// How an admitted event is written to the shared Redis stream and read back, and the mark that
// says which events of a node the stream (or this node) already has.

#include <airbridge/track_event.hpp>

#include <Poco/Redis/Array.h>

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace airbridge::redis {

/// Orders the events of one origin node: admission time first, then sequence. The time keeps
/// order when a node restarts without its storage and numbers from 1 again.
struct EventMark {
  std::int64_t admitted_ms = 0;
  std::uint64_t sequence = 0;

  auto operator<=>(const EventMark&) const = default;
  std::string toString() const;  ///< "1764201234567:42", as the origins hash stores it
  /// Back from toString()'s text; nullopt when it is not one.
  static std::optional<EventMark> parse(std::string_view text);
  static EventMark of(const Dispatch& event);
};

/// One stream entry: the id Redis gave it and the event it carries.
struct StreamEntry {
  std::string id;
  Dispatch event;
};

/// Appends the field/value pairs of `event` for XADD: origin, seq, admitted_ms, name, event
/// (its JSON, as clients see it).
void appendStreamFields(Poco::Redis::Array& command, const Dispatch& event);

/// An entry of an XREAD/XRANGE reply ([id, [field, value, ...]]) back into an event. Throws
/// std::invalid_argument saying what is wrong, so a bad entry is skipped and named.
StreamEntry readStreamEntry(const Poco::Redis::Array& entry);

}  // namespace airbridge::redis
