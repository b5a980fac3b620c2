#pragma once
/// What stations ask of every sink (README, "The event model"), read the same way by each sink plugin:
///
///   delay: 15s            # publish this much later than air (the stream runs behind)
///   kinds: [song, link]   # publish only these kinds (default: all)
///   next: false           # hide upcoming tracks
///   filters:              # RE2 pattern on title or artist
///     - field: title
///       match: "^(Legal ID|Sweeper)"
///       action: skip      # skip: do not publish; clear: publish with title/artist/album blank

#include <airbridge/config_keys.hpp>
#include <airbridge/sdk_export.hpp>
#include <airbridge/track_event.hpp>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace re2 {
class RE2;
}

namespace airbridge {

struct AIRBRIDGE_SDK_API SinkEventOptions {
  struct Filter {
    enum class Field { title, artist };
    enum class Action { skip, clear };
    Field field = Field::title;
    Action action = Action::skip;
    std::string pattern;                        ///< as written, for messages
    /// RE2 (linear time, no recursion, so no title can stall or crash a sink), case-insensitive.
    std::shared_ptr<const re2::RE2> regex;
  };

  Duration delay{0};
  std::vector<std::string> kinds;  ///< empty: every kind
  std::vector<Filter> filters;
  bool next = true;

  /// delay, kinds, next and filters: include() them in a sink's own keys.
  static const ConfigKeys<SinkEventOptions>& keys();

  /// The event as this sink should publish it: the same pointer when nothing changes, an edited
  /// copy when `next: false` or a clear filter applies, or null when it must not be published.
  /// Program changes pass through untouched.
  SharedDispatch apply(const SharedDispatch& event) const;
};

/// A sink's delay, kinds, filters and next as they stand now. SIGHUP may replace them while
/// events flow (Plugin::reconfigure): the next event is judged by the new ones, and an event
/// waiting out the delay then waits by the new delay (counted from its admission, as before).
/// Holds each event back on the sink's own worker; stop() releases any wait at once.
class AIRBRIDGE_SDK_API LiveSinkEvents {
 public:
  explicit LiveSinkEvents(SinkEventOptions options);
  /// SinkEventOptions::apply with the options in force now.
  SharedDispatch apply(const SharedDispatch& event) const;
  /// True when the event is due (admission + delay); false when stop() came first.
  bool wait(const Dispatch& event);
  /// From any thread; takes effect for the next apply() and for a wait in progress.
  void replace(SinkEventOptions options);
  void stop();

 private:
  std::shared_ptr<const SinkEventOptions> current() const;

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::shared_ptr<const SinkEventOptions> options_;
  bool stopping_ = false;
};

}  // namespace airbridge
