#include "file_write_sink.hpp"

#include "atomic_file.hpp"
#include "dls_file.hpp"

#include <airbridge/device_text.hpp>

#include <fmt/format.h>

namespace airbridge::file_write {

FileWriteSink::FileWriteSink(FileWriteConfig config, PluginContext& context)
    : OutputPlugin(config.events, config.delivery, /*latest_wins=*/true, context),
      config_(std::move(config)),
      text_(TrackText(config_.template_text, config_.idle_text, TextEscape::plain)) {}

void FileWriteSink::reconfigureOwn(const ConfigSection& section) {
  const FileWriteConfig next = FileWriteConfig::keys().read(section);
  text_.set(TrackText(next.template_text, next.idle_text, TextEscape::plain));
}

void FileWriteSink::started() {
  context().log().info("writing {} ({})", config_.path, config_.format == Format::dls ? "DLS" : "text");
  if (SharedDispatch now = context().store().nowPlaying()) deliver(now);  // as rds does
}

std::string FileWriteSink::encoded(const std::string& text) const {
  switch (config_.encoding) {
    case Encoding::latin1:
      return toLatin1(text);
    case Encoding::ascii:
      return toAscii(text);
    case Encoding::utf8:
      break;
  }
  return text;
}

std::string FileWriteSink::contentFor(const TrackEvent& track, const std::string& text, bool song) {
  if (config_.format == Format::text) return encoded(text);
  // One line of at most 128 characters: DLS carries no more.
  std::string label = withoutControlCharacters(text);
  while (!label.empty() && label.back() == ' ') label.pop_back();
  label = encoded(fitToWidth(label, kDynamicLabelWidth));
  // Transliteration may lengthen it ("…" is "..."); one byte is one character then.
  if (config_.encoding != Encoding::utf8 && label.size() > kDynamicLabelWidth) label.resize(kDynamicLabelWidth);
  if (song) toggle_ = !toggle_;
  return dlsFile(label, encoded(track.title), encoded(track.artist), song, toggle_,
                 config_.encoding == Encoding::utf8);
}

bool FileWriteSink::takes(const Dispatch& event) const {
  return event.track() && text_.get()->covers(*event.track());
}

void FileWriteSink::send(const Dispatch& event) {
  const TrackEvent& track = *event.track();
  const bool song = track.kind == "song";
  std::string content = contentFor(track, text_.get()->render(track, fieldsOf(track)), song);
  post(fmt::format("#{} '{}'", event.sequence, track.title),
       [this, content = std::move(content)] { return replaceFile(config_.path, content); });
}

}  // namespace airbridge::file_write
