#include "icecast_sink.hpp"

#include <fmt/format.h>

namespace airbridge::icecast {

IcecastSink::IcecastSink(IcecastConfig config, PluginContext& context)
    : OutputPlugin(config.events, config.delivery, /*latest_wins=*/true, context),
      config_(std::move(config)),
      title_(TrackText(config_.template_text, config_.idle_text, TextEscape::plain)) {}

void IcecastSink::reconfigureOwn(const ConfigSection& section) {
  const IcecastConfig next = IcecastConfig::keys().read(section);
  title_.set(TrackText(next.template_text, next.idle_text, TextEscape::plain));
}

void IcecastSink::started() {
  context().log().info("stream titles to {} ({})", urlForLog(config_.url),
                       config_.server == Server::icecast2 ? fmt::format("{}", fmt::join(config_.mounts, ", "))
                                                          : "shoutcast1");
  if (SharedDispatch now = context().store().nowPlaying()) deliver(now);  // as rds does
}

bool IcecastSink::takes(const Dispatch& event) const {
  return event.track() && title_.get()->covers(*event.track());
}

void IcecastSink::send(const Dispatch& event) {
  const TrackEvent& track = *event.track();
  const std::string title = title_.get()->render(track, fieldsOf(track));
  auto calls = metadataCalls(config_, title);
  post(fmt::format("#{} '{}'", event.sequence, title), [this, calls = std::move(calls)] { return update(calls); });
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

}  // namespace airbridge::icecast
