#pragma once
/// The event model every plugin speaks (README, "The event model"): plain value types, no behaviour beyond
/// JSON encoding, so a source can fill one in and a sink can read it without knowing each other.

#include <airbridge/sdk_export.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace airbridge {

/// One audio item inside a log event; a spot block carries several.
struct Asset {
  std::string id;        ///< the playout system's asset id ("301177")
  std::string title;
  std::string artist;
  std::string album;
  std::string category;
  std::optional<std::int64_t> duration_ms;
};

/// One normalized log event: what is (or will be) on air.
struct TrackEvent {
  std::string id;        ///< "zetta:studio:2208811"; empty when the source gave no id
  std::string kind;      ///< song | link | spot | break | voicetrack | other
  std::string type;      ///< the raw type as the source named it ("SONG", "MACRO")
  std::string title;
  std::string artist;
  std::string album;
  std::string category;
  std::optional<std::int64_t> duration_ms;
  std::string started_at;    ///< RFC 3339 UTC, or empty when unknown
  std::string scheduled_at;  ///< RFC 3339 UTC, or empty when unknown
  std::string source;        ///< the source instance name ("studio")
  std::map<std::string, std::string> external_ids;  ///< e.g. zetta_asset, third_party
  std::vector<Asset> assets;  ///< every asset of the event, in order
  /// Upcoming events announced together with this one (empty inside an entry of `next`).
  std::vector<TrackEvent> next;
};

/// A show boundary from the program schedule.
struct ProgramChange {
  std::string term;          ///< term id ("2026-fall"); empty when no term is current
  std::string name;          ///< show name; empty when nothing is scheduled
  std::vector<std::string> djs;
  std::string description;
  std::string starts_at;     ///< RFC 3339 UTC
  std::string ends_at;       ///< RFC 3339 UTC
};

using EventPayload = std::variant<TrackEvent, ProgramChange>;

/// An event admitted by the bus. `origin` is the node that first admitted it; `sequence` orders
/// everything a node publishes. Nodes joined by a bridge share one sequence: a node takes over
/// the sequence of a replicated event (see Publisher::publishReplica).
struct Dispatch {
  std::string origin;        ///< node id of the airbridge that admitted it
  std::uint64_t sequence = 0;
  std::string admitted_at;   ///< RFC 3339 UTC, millisecond precision
  std::chrono::system_clock::time_point admitted;  ///< the same instant, for arithmetic (delay)
  EventPayload payload;

  bool isTrack() const { return std::holds_alternative<TrackEvent>(payload); }
  const TrackEvent* track() const { return std::get_if<TrackEvent>(&payload); }
  const ProgramChange* program() const { return std::get_if<ProgramChange>(&payload); }
  /// "TRACK_CHANGED" or "PROGRAM_CHANGED", the dispatch name of the wire protocol.
  const char* name() const { return isTrack() ? "TRACK_CHANGED" : "PROGRAM_CHANGED"; }
};

/// Made only by the host, so no deleter from a plugin library ever lives in the history.
using SharedDispatch = std::shared_ptr<const Dispatch>;

/// JSON object text of an event, as clients see it (`next` included when `with_next`).
AIRBRIDGE_SDK_API std::string toJson(const TrackEvent& event, bool with_next = true);
AIRBRIDGE_SDK_API std::string toJson(const ProgramChange& program);
/// The upcoming tracks of `event` as a JSON array (`[]` when `event` is null).
AIRBRIDGE_SDK_API std::string nextJson(const TrackEvent* event);
/// What is on air, as the JSON values every state answer is made of (REST now-playing, the
/// READY of WebSocket and SSE): each protocol wraps them in its own envelope and key names.
struct OnAirJson {
  std::string now;      ///< the current track without its `next`, or null
  std::string next;     ///< the upcoming tracks, `[]` when none
  std::string program;  ///< the current program change, or null
  /// The source whose event is on air, or null: with several sources, the one priority and
  /// failover put on air (its event is the current track, so a sink's delay applies to both).
  std::string source;
};
/// `now` and `program` are the latest track and program dispatches (either may be null).
AIRBRIDGE_SDK_API OnAirJson onAirJson(const Dispatch* now, const Dispatch* program);
/// `{"origin":..,"sequence":..,"admitted_at":..,"event": <payload>}`
AIRBRIDGE_SDK_API std::string toJson(const Dispatch& dispatch);
/// The payload alone, as clients, storage and other nodes see it: the track (with `next`) or
/// the program change. payloadFromJson() reads it back.
AIRBRIDGE_SDK_API std::string payloadJson(const Dispatch& dispatch);
/// The payload back from the JSON of toJson(payload); `name` is Dispatch::name(). Throws
/// std::exception on malformed JSON.
AIRBRIDGE_SDK_API EventPayload payloadFromJson(std::string_view name, const std::string& json);
/// A JSON string literal, quotes included, with every control character escaped.
AIRBRIDGE_SDK_API std::string jsonQuote(std::string_view text);

}  // namespace airbridge
