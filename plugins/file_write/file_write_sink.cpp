#include "file_write_sink.hpp"

#include "atomic_file.hpp"
#include "dls_file.hpp"

#include <airbridge/device_text.hpp>

#include <fmt/format.h>

namespace airbridge::file_write {

FileWriteSink::FileWriteSink(FileWriteConfig config, PluginContext& context)
    : config_(std::move(config)),
      context_(context),
      song_(config_.template_text, TextEscape::plain),
      idle_(config_.idle_text.empty() ? std::nullopt
                                      : std::optional<TextTemplate>(std::in_place, config_.idle_text, TextEscape::plain)),
      delay_(config_.events.delay),
      queue_(DeliverySettings{Duration{200}, Duration{5'000}, config_.retries, true}, context.log(),
             context.metrics(), context.instanceName()) {}

FileWriteSink::~FileWriteSink() { stop(); }

void FileWriteSink::start() {
  queue_.start();
  context_.log().info("writing {} ({})", config_.path, config_.format == Format::dls ? "DLS" : "text");
  if (SharedDispatch now = context_.store().nowPlaying()) deliver(now);
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

void FileWriteSink::deliver(const SharedDispatch& incoming) {
  const SharedDispatch event = config_.events.apply(incoming);
  const TrackEvent* track = event ? event->track() : nullptr;
  if (!track) return;
  const bool song = track->kind == "song";
  if (!song && !idle_) return;
  if (!delay_.wait(*event)) return;
  const TemplateFields fields =
      templateFields(*track, context_.station(), context_.store().currentProgram().get());
  std::string content = contentFor(*track, (song ? song_ : *idle_).render(fields), song);
  queue_.post(fmt::format("#{} '{}'", event->sequence, track->title),
              [this, content = std::move(content)] { return replaceFile(config_.path, content); });
}

void FileWriteSink::stop() noexcept {
  delay_.stop();
  queue_.stop();
}

}  // namespace airbridge::file_write
