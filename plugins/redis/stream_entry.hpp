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

/// What an entry may carry at all, whatever the node's own state: a sequence a JavaScript client
/// still reads exactly (2^53 - 1; the journal's signed 64 bits hold it too), and an admission time
/// between 2000 and 2200, so nothing that follows overflows a clock's nanoseconds.
inline constexpr std::uint64_t kLargestSequence = (std::uint64_t{1} << 53) - 1;
inline constexpr std::int64_t kEarliestAdmittedMs = 946'684'800'000;   // 2000-01-01T00:00:00Z
inline constexpr std::int64_t kLatestAdmittedMs = 7'258'118'400'000;   // 2200-01-01T00:00:00Z

/// One stream entry: the id Redis gave it and the event it carries.
struct StreamEntry {
  std::string id;
  Dispatch event;
};

/// Appends the field/value pairs of `event` for XADD: origin, seq, admitted_ms, name, event
/// (its JSON, as clients see it).
void appendStreamFields(Poco::Redis::Array& command, const Dispatch& event);

/// An entry of an XREAD/XRANGE reply ([id, [field, value, ...]]) back into an event. Throws
/// std::invalid_argument saying what is wrong (a missing field, a number that is not one or is
/// outside the bounds above, bad JSON), so a bad entry is skipped and named.
StreamEntry readStreamEntry(const Poco::Redis::Array& entry);

}  // namespace airbridge::redis
