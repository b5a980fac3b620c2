#pragma once
// One ZettaLite document -> the event on air (with the upcoming ones in `next`). Uses Poco's
// (expat) SAX parser with external entities off and any DTD refused, so neither an entity bomb
// nor an external-entity file read gets anywhere.

#include <airbridge/track_event.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace airbridge::zetta {

/// Why a document was rejected; the connection carries on.
class ZettaParseError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ZettaAnnouncement {
  /// The log event on air, with `next` filled; nullopt when the document announced nothing usable.
  std::optional<TrackEvent> on_air;
  /// Things worth one log line that did not reject the document (a skipped empty LogEvent, a
  /// time that could not be read, bytes read as windows-1252).
  std::vector<std::string> notes;
};

/// Zetta type -> event kind: SONG->song, LINK->link, SPOT->spot, BREAK->break,
/// VOICETRACK->voicetrack, anything else->other.
std::string kindOfZettaType(std::string_view type);

/// Throws ZettaParseError. `source` is the instance name, used in ids ("zetta:<source>:<id>").
ZettaAnnouncement parseZettaDocument(std::string_view document, const std::string& source);

}  // namespace airbridge::zetta
