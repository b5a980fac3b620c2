#include "icecast_sink.hpp"

#include <fmt/format.h>

namespace airbridge::icecast {

IcecastSink::IcecastSink(IcecastConfig config, PluginContext& context)
    : config_(std::move(config)),
      context_(context),
      title_(config_.template_text, TextEscape::plain),
      idle_(config_.idle_text.empty() ? std::nullopt
                                      : std::optional<TextTemplate>(std::in_place, config_.idle_text, TextEscape::plain)),
      delay_(config_.events.delay),
      queue_(DeliverySettings{config_.retry_min, config_.retry_max, config_.retries, true}, context.log(),
             context.metrics(), context.instanceName()) {}

IcecastSink::~IcecastSink() { stop(); }

void IcecastSink::start() {
  queue_.start();
  context_.log().info("stream titles to {} ({})", urlForLog(config_.url),
                      config_.server == Server::icecast2 ? fmt::format("{}", fmt::join(config_.mounts, ", "))
                                                         : "shoutcast1");
  if (SharedDispatch now = context_.store().nowPlaying()) deliver(now);
}

void IcecastSink::deliver(const SharedDispatch& incoming) {
  const SharedDispatch event = config_.events.apply(incoming);
  const TrackEvent* track = event ? event->track() : nullptr;
  if (!track) return;
  const bool song = track->kind == "song";
  if (!song && !idle_) return;  // the title stays on the last song
  if (!delay_.wait(*event)) return;
  const TemplateFields fields =
      templateFields(*track, context_.station(), context_.store().currentProgram().get());
  const std::string title = (song ? title_ : *idle_).render(fields);
  auto calls = metadataCalls(config_, title);
  queue_.post(fmt::format("#{} '{}'", event->sequence, title),
              [this, calls = std::move(calls)] { return update(calls); });
}

std::optional<std::string> IcecastSink::update(const std::vector<MetadataCall>& calls) const {
  for (const auto& call : calls) {
    try {
      if (auto problem = problemIn(config_, call, httpFetch(call.request))) return problem;
    } catch (const HttpClientError& e) {
      return fmt::format("cannot reach {}: check url: and that the server is up", e.what());
    }
  }
  return std::nullopt;
}

void IcecastSink::stop() noexcept {
  delay_.stop();
  queue_.stop();
}

}  // namespace airbridge::icecast
