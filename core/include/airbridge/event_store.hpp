#pragma once
/// Read access to what the bus keeps: now playing, the current program and the history ring.
/// Sinks use it to greet a new client (READY) and to replay what a resuming client missed.

#include <airbridge/track_event.hpp>

#include <cstdint>
#include <optional>
#include <vector>

namespace airbridge {

class EventStore {
 public:
  virtual ~EventStore() = default;
  /// The latest admitted track event, or null before the first one.
  virtual SharedDispatch nowPlaying() const = 0;
  /// The latest program change, or null before the first one.
  virtual SharedDispatch currentProgram() const = 0;
  /// Track events, newest first, at most `limit`, only those with sequence < `before` if given.
  virtual std::vector<SharedDispatch> history(std::size_t limit,
                                              std::optional<std::uint64_t> before) const = 0;
  /// Every event (tracks and programs) after `sequence`, oldest first; nullopt when some of
  /// them have already left the ring, so a resume cannot be complete.
  virtual std::optional<std::vector<SharedDispatch>> since(std::uint64_t sequence) const = 0;
  /// The last `limit` events (tracks and programs), oldest first: what a sink that starts late
  /// (or after a restart) seeds its own state and replay window with.
  virtual std::vector<SharedDispatch> recent(std::size_t limit) const = 0;
  /// Sequence of the latest admitted event; 0 before the first.
  virtual std::uint64_t lastSequence() const = 0;
};

}  // namespace airbridge
