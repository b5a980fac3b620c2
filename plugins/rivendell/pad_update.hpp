#pragma once
// One PAD update of Rivendell (`{"padUpdate":{"machine":1,"onairFlag":true,"now":{...},
// "next":{...}}}`) read into what is on air. Pure, so the fuzz target runs what the source runs.

#include "rivendell_config.hpp"

#include <airbridge/track_event.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace airbridge::rivendell {

struct PadUpdate {
  int machine = 0;
  bool on_air = false;
  /// Null when the log plays nothing (stopped, or between carts of a manual log).
  std::optional<TrackEvent> now;
};

/// nullopt with `why` when the document is not a PAD update. `source` names the instance (for
/// ids and TrackEvent::source).
std::optional<PadUpdate> readPadUpdate(std::string_view document, const RivendellConfig& config,
                                       const std::string& source, std::string& why);

}  // namespace airbridge::rivendell
