#include "bus/field_cap.hpp"

#include <airbridge/utf8.hpp>

#include <map>

namespace airbridge::core {
namespace {

struct Capper {
  std::size_t max;
  std::size_t cut = 0;
  void operator()(std::string& text) { cut += capUtf8(text, max) ? 1 : 0; }

  void track(TrackEvent& event) {
    for (std::string* text : {&event.id, &event.kind, &event.type, &event.title, &event.artist,
                              &event.album, &event.category, &event.started_at, &event.scheduled_at,
                              &event.source}) {
      (*this)(*text);
    }
    std::map<std::string, std::string> ids;
    for (const auto& [name, text] : event.external_ids) {
      std::string key = name, value = text;
      (*this)(key);
      (*this)(value);
      ids.emplace(std::move(key), std::move(value));
    }
    event.external_ids = std::move(ids);
    for (auto& asset : event.assets) {
      for (std::string* text : {&asset.id, &asset.title, &asset.artist, &asset.album, &asset.category}) {
        (*this)(*text);
      }
    }
    for (auto& next : event.next) track(next);
  }

  void program(ProgramChange& change) {
    for (std::string* text : {&change.term, &change.name, &change.description, &change.starts_at, &change.ends_at}) {
      (*this)(*text);
    }
    for (auto& dj : change.djs) (*this)(dj);
  }
};

}  // namespace

std::size_t capFields(EventPayload& event, std::size_t max_bytes) {
  Capper capper{max_bytes};
  if (auto* track = std::get_if<TrackEvent>(&event)) capper.track(*track);
  if (auto* change = std::get_if<ProgramChange>(&event)) capper.program(*change);
  return capper.cut;
}

}  // namespace airbridge::core
