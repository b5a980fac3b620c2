// Reads back the JSON that toJson() writes: events restored from storage or received from
// another node.

#include <airbridge/track_event.hpp>

#include <Poco/JSON/Parser.h>

namespace airbridge {
namespace {

using Poco::JSON::Object;

std::string text(const Object::Ptr& object, const char* key) {
  return object->has(key) && !object->isNull(key) ? object->getValue<std::string>(key) : std::string();
}

std::optional<std::int64_t> number(const Object::Ptr& object, const char* key) {
  if (!object->has(key) || object->isNull(key)) return std::nullopt;
  return object->getValue<std::int64_t>(key);
}

TrackEvent trackFrom(const Object::Ptr& object) {
  TrackEvent event;
  event.id = text(object, "id");
  event.kind = text(object, "kind");
  event.type = text(object, "type");
  event.title = text(object, "title");
  event.artist = text(object, "artist");
  event.album = text(object, "album");
  event.category = text(object, "category");
  event.duration_ms = number(object, "duration_ms");
  event.started_at = text(object, "started_at");
  event.scheduled_at = text(object, "scheduled_at");
  event.source = text(object, "source");
  if (auto ids = object->getObject("external_ids")) {
    std::vector<std::string> names;
    ids->getNames(names);
    for (const auto& name : names) event.external_ids[name] = ids->getValue<std::string>(name);
  }
  if (auto assets = object->getArray("assets")) {
    for (unsigned i = 0; i < assets->size(); ++i) {
      const auto asset = assets->getObject(i);
      event.assets.push_back(Asset{text(asset, "id"), text(asset, "title"), text(asset, "artist"),
                                   text(asset, "album"), text(asset, "category"),
                                   number(asset, "duration_ms")});
    }
  }
  if (auto next = object->getArray("next")) {
    for (unsigned i = 0; i < next->size(); ++i) event.next.push_back(trackFrom(next->getObject(i)));
  }
  return event;
}

}  // namespace

EventPayload payloadFromJson(std::string_view name, const std::string& json) {
  Poco::JSON::Parser parser;
  const auto object = parser.parse(json).extract<Object::Ptr>();
  if (name == "TRACK_CHANGED") return trackFrom(object);
  ProgramChange program;
  program.term = text(object, "term");
  program.name = text(object, "name");
  if (auto djs = object->getArray("djs")) {
    for (unsigned i = 0; i < djs->size(); ++i) program.djs.push_back(djs->getElement<std::string>(i));
  }
  program.description = text(object, "description");
  program.starts_at = text(object, "starts_at");
  program.ends_at = text(object, "ends_at");
  return program;
}

}  // namespace airbridge
