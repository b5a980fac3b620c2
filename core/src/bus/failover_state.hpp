#pragma once
// Which source is on air when several feed the bus (README, "Several sources: priority and
// failover"). A source is live while its latest event is still playing (started_at + duration +
// grace) or, when the event has no duration, for `silence` after it arrived. An event goes on
// air only while no live source has a better (lower) priority; otherwise it is held, and goes
// on air when the better sources fall silent while its own source is still live.
//
// Pure bookkeeping with the time passed in, so every rule is tested without waiting; the
// SourceArbiter adds the lock, the timer and the log. Not thread-safe.

#include <airbridge/track_event.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace airbridge::core {

struct SourcePolicy {
  std::string name;
  int priority = 1;  ///< 1 = preferred
  std::chrono::milliseconds grace{std::chrono::seconds{30}};     ///< failover_grace
  std::chrono::milliseconds silence{std::chrono::minutes{5}};   ///< failover_after
  friend bool operator==(const SourcePolicy&, const SourcePolicy&) = default;
};

class FailoverState {
 public:
  using Time = std::chrono::system_clock::time_point;

  explicit FailoverState(std::vector<SourcePolicy> sources);

  /// A source added while running (SIGHUP); its index is the next one.
  std::size_t add(SourcePolicy policy);
  /// New priority, grace or silence for source `index`, from its next event on.
  void setPolicy(std::size_t index, SourcePolicy policy) { sources_[index].policy = std::move(policy); }
  /// Source `index` was removed: it is no longer live (from `now`) and its held event is
  /// dropped, so the next expire() hands the air on.
  void retire(std::size_t index, Time now);

  /// A track event of source `index` arrived at `now`. True: publish it now. False: a better
  /// source is live; the event is held (replacing any older held event of that source).
  bool offer(std::size_t index, TrackEvent event, Time now);

  /// Forgets the liveness that ended by `now`. When that hands the air to a source with a held
  /// event, the event comes back to be published (and is no longer held).
  std::optional<TrackEvent> expire(Time now);

  /// The live source of the best priority (of those, the one published last), if any.
  std::optional<std::size_t> onAir(Time now) const;
  /// The earliest end of liveness still ahead, for the timer.
  std::optional<Time> nextExpiry() const;

  const SourcePolicy& policy(std::size_t index) const { return sources_[index].policy; }
  std::size_t size() const { return sources_.size(); }
  /// When source `index` stops being live (its last event's end + grace), if it spoke at all.
  std::optional<Time> liveUntil(std::size_t index) const { return sources_[index].live_until; }
  /// Whether the end was known (a duration) or assumed (failover_after), for the log.
  bool lastHadDuration(std::size_t index) const { return sources_[index].had_duration; }

 private:
  struct Source {
    SourcePolicy policy;
    std::optional<Time> live_until;
    bool had_duration = false;
    std::optional<TrackEvent> held;
  };
  bool isLive(const Source& source, Time now) const { return source.live_until && *source.live_until > now; }
  /// The best (lowest) priority among live sources, or none.
  std::optional<int> bestLivePriority(Time now) const;

  std::vector<Source> sources_;
  std::optional<std::size_t> lastPublished_;
};

}  // namespace airbridge::core
