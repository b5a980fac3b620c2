// libFuzzer target: arbitrary bytes as a push request's body (and its query) read the way
// http_push reads them, in every format, then mapped onto an event with the default mapping and
// with nested paths. No crash, hang or unbounded growth; a mapped event always has a title, all
// its text is valid UTF-8, a duration is positive and a start time reads back as a time.

#include "push_request_reader.hpp"

#include <airbridge/mapped_fields.hpp>
#include <airbridge/time_text.hpp>
#include <airbridge/utf8.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

namespace {

using namespace airbridge;

void require(bool condition) {
  if (!condition) std::abort();
}

void checkEvent(const TrackEvent& event) {
  require(!event.title.empty());
  for (const auto* text : {&event.title, &event.artist, &event.album, &event.category, &event.id, &event.type}) {
    require(isValidUtf8(*text));
    require(text->size() <= 1024);
  }
  require(!event.duration_ms || *event.duration_ms > 0);
  require(event.started_at.empty() || parseIsoTime(event.started_at).has_value());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string body(reinterpret_cast<const char*>(data), size);
  FieldMapping plain;
  FieldMapping nested;
  nested.paths = {{"title", "now_playing.song.title"}, {"artist", "NowPlaying/Track/@artist"},
                  {"duration", "a.0.b"}, {"started_at", "t"}, {"kind", "Root/Kind"}};
  nested.duration_unit = FieldMapping::DurationUnit::milliseconds;

  HttpRequest request;
  request.method = "POST";
  request.path = "/push";
  request.body = body;
  std::string why;
  if (auto query = decodeForm(body, 256, why)) request.query = std::move(*query);
  for (auto format : {http_push::PushFormat::query, http_push::PushFormat::form,
                      http_push::PushFormat::json, http_push::PushFormat::xml}) {
    http_push::PushRefusal refusal;
    const auto fields = http_push::readPushedFields(request, format, refusal);
    if (!fields) {
      require(!refusal.message.empty());
      continue;
    }
    require(fields->size() <= 1024);
    for (const auto* mapping : {&plain, &nested}) {
      std::string problem;
      if (const auto event = mapTrack(*fields, *mapping, problem)) {
        checkEvent(*event);
      } else {
        require(!problem.empty() && isValidUtf8(problem));
      }
    }
  }
  return 0;
}
