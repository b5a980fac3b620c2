#pragma once
/// What a playout system says about the track on air, in whatever shape it writes (a URL query,
/// a form, JSON, XML), read into one flat list of path -> text and mapped onto a TrackEvent by
/// the station's `fields:` (README of http_push and file_watch). Every reader is bounded: depth,
/// number of fields, and the length of every value.
///
///   JSON  dot paths from the top:          now_playing.song.title, items.0.artist
///   XML   slash paths from the root element: Playlist/Current/Title, Track/@artist
///   form  the parameter's name:            title

#include <airbridge/config_keys.hpp>
#include <airbridge/form_encoding.hpp>
#include <airbridge/sdk_export.hpp>
#include <airbridge/track_event.hpp>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace airbridge {

using FlatFields = std::map<std::string, std::string, std::less<>>;

struct FlattenLimits {
  std::size_t max_depth = 16;
  std::size_t max_fields = 1024;
};

/// false with `why` when the text is not JSON, or nests or holds more than the limits allow.
AIRBRIDGE_SDK_API bool flattenJson(std::string_view text, FlatFields& out, std::string& why,
                                   FlattenLimits limits = {});
/// false with `why` when the text is not well-formed XML, has a DTD, or is past the limits.
AIRBRIDGE_SDK_API bool flattenXml(std::string_view text, FlatFields& out, std::string& why,
                                  FlattenLimits limits = {});
/// Whether XML text declares a DTD (`<!DOCTYPE` or `<!ENTITY`, any case): how entity bombs and
/// external-entity reads arrive, so every XML reader of outside bytes refuses it first.
AIRBRIDGE_SDK_API bool hasDtd(std::string_view xml);
/// The first value of each name.
AIRBRIDGE_SDK_API FlatFields flattenPairs(const FormPairs& pairs);

/// Where each event field is found (`fields:`), and how lengths are written.
struct FieldMapping {
  enum class DurationUnit { seconds, milliseconds };
  /// Event field -> path. Unset fields keep their own name as the path (title -> "title").
  std::map<std::string, std::string> paths;
  DurationUnit duration_unit = DurationUnit::seconds;
  std::string default_kind = "song";

  /// The path of `field`: the configured one or the field's own name.
  std::string pathOf(const std::string& field) const {
    const auto it = paths.find(field);
    return it == paths.end() ? field : it->second;
  }
  /// `fields:` (one key per event field), `duration_unit`, `default_kind`.
  AIRBRIDGE_SDK_API static const ConfigKeys<FieldMapping>& keys();
};

/// The fields `fields:` may map: id, kind, title, artist, album, category, duration, started_at.
AIRBRIDGE_SDK_API const std::vector<std::string>& mappableEventFields();

/// The event the fields describe, without `source` (the caller's instance name) and with `id`
/// as the playout system gave it. nullopt with `problem` naming the field and its path when the
/// title is missing, or a duration or start time is present but unreadable. Text is cut to
/// `max_value_bytes` (at a character boundary).
AIRBRIDGE_SDK_API std::optional<TrackEvent> mapTrack(const FlatFields& fields,
                                                     const FieldMapping& mapping,
                                                     std::string& problem,
                                                     std::size_t max_value_bytes = 1024);

/// A playout system that announces the same track again (a file touched, a push repeated)
/// without a start time of its own must not become a new event each time: this keeps the
/// first arrival as `started_at` while the same title, artist and album keep coming, and for
/// no longer than the track's duration. Not thread-safe.
class AIRBRIDGE_SDK_API ArrivalStamp {
 public:
  /// Fills event.started_at when empty: the previous start for a repeat, else `now`.
  void stamp(TrackEvent& event, std::chrono::system_clock::time_point now);

 private:
  std::string key_;
  std::string started_at_;
  std::optional<std::chrono::system_clock::time_point> until_;
};

}  // namespace airbridge
