#include <airbridge/track_event.hpp>

#include <fmt/format.h>

namespace airbridge {
namespace {

void appendQuoted(std::string& out, std::string_view text) {
  out += '"';
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          out += fmt::format("\\u{:04x}", c);
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

/// Writes `"key":value` pairs with the commas in the right places.
class ObjectWriter {
 public:
  explicit ObjectWriter(std::string& out) : out_(out) { out_ += '{'; }
  ~ObjectWriter() { out_ += '}'; }

  void text(std::string_view key, std::string_view value) {
    this->key(key);
    appendQuoted(out_, value);
  }
  /// Empty text is written as null: "not known", which is what an empty Zetta attribute means.
  void textOrNull(std::string_view key, std::string_view value) {
    if (value.empty()) {
      raw(key, "null");
    } else {
      text(key, value);
    }
  }
  void number(std::string_view key, const std::optional<std::int64_t>& value) {
    raw(key, value ? std::to_string(*value) : "null");
  }
  void raw(std::string_view key, std::string_view json) {
    this->key(key);
    out_ += json;
  }

 private:
  void key(std::string_view key) {
    if (!first_) out_ += ',';
    first_ = false;
    appendQuoted(out_, key);
    out_ += ':';
  }
  std::string& out_;
  bool first_ = true;
};

std::string assetJson(const Asset& asset) {
  std::string out;
  {
    ObjectWriter object(out);
    object.text("id", asset.id);
    object.text("title", asset.title);
    object.text("artist", asset.artist);
    object.text("album", asset.album);
    object.text("category", asset.category);
    object.number("duration_ms", asset.duration_ms);
  }
  return out;
}

template <typename T, typename Encode>
std::string arrayJson(const std::vector<T>& items, Encode encode) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    out += encode(items[i]);
  }
  return out + "]";
}

}  // namespace

std::string jsonQuote(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  appendQuoted(out, text);
  return out;
}

std::string toJson(const TrackEvent& event, bool with_next) {
  std::string out;
  {
    ObjectWriter object(out);
    object.textOrNull("id", event.id);
    object.text("kind", event.kind);
    object.text("type", event.type);
    object.text("title", event.title);
    object.text("artist", event.artist);
    object.text("album", event.album);
    object.text("category", event.category);
    object.number("duration_ms", event.duration_ms);
    object.textOrNull("started_at", event.started_at);
    object.textOrNull("scheduled_at", event.scheduled_at);
    object.text("source", event.source);
    std::string ids;
    {
      ObjectWriter idObject(ids);
      for (const auto& [key, value] : event.external_ids) idObject.text(key, value);
    }
    object.raw("external_ids", ids);
    object.raw("assets", arrayJson(event.assets, assetJson));
    if (with_next) object.raw("next", nextJson(&event));
  }
  return out;
}

OnAirJson onAirJson(const Dispatch* now, const Dispatch* program) {
  const TrackEvent* track = now ? now->track() : nullptr;
  const ProgramChange* show = program ? program->program() : nullptr;
  return OnAirJson{track ? toJson(*track, false) : "null", nextJson(track),
                   show ? toJson(*show) : "null",
                   track && !track->source.empty() ? jsonQuote(track->source) : "null"};
}

std::string nextJson(const TrackEvent* event) {
  if (!event) return "[]";
  return arrayJson(event->next, [](const TrackEvent& e) { return toJson(e, false); });
}

std::string toJson(const ProgramChange& program) {
  std::string out;
  {
    ObjectWriter object(out);
    object.textOrNull("term", program.term);
    object.textOrNull("name", program.name);
    object.raw("djs", arrayJson(program.djs, [](const std::string& dj) { return jsonQuote(dj); }));
    object.text("description", program.description);
    object.textOrNull("starts_at", program.starts_at);
    object.textOrNull("ends_at", program.ends_at);
  }
  return out;
}

std::string payloadJson(const Dispatch& dispatch) {
  return dispatch.track() ? toJson(*dispatch.track()) : toJson(*dispatch.program());
}

std::string toJson(const Dispatch& dispatch) {
  std::string out;
  {
    ObjectWriter object(out);
    object.text("origin", dispatch.origin);
    object.raw("sequence", std::to_string(dispatch.sequence));
    object.text("admitted_at", dispatch.admitted_at);
    object.text("type", dispatch.name());
    object.raw("event", payloadJson(dispatch));
  }
  return out;
}

}  // namespace airbridge
