#include "icecast_sink.hpp"

#include <airbridge/in_place_check.hpp>
#include <fmt/format.h>

namespace airbridge::icecast {

IcecastSink::IcecastSink(IcecastConfig config, PluginContext& context)
    : OutputPlugin(config.events, config.delivery, /*latest_wins=*/true, context),
      config_(std::move(config)),
      title_(TrackText(config_.template_text, config_.idle_text, TextEscape::plain)) {}

bool IcecastSink::reconfigure(const ConfigSection& section) {
  IcecastConfig next = IcecastConfig::keys().parse(section);
  if (!InPlaceCheck(context().log())
           .same("url", config_.url, next.url)
           .same("server", config_.server, next.server)
           .same("mounts", config_.mounts, next.mounts)
           .same("user", config_.user, next.user)
           .same("password", config_.password, next.password)
           .same("password_file", config_.password_file, next.password_file)
           .same("charset", config_.charset, next.charset)
           .same("timeout, retry_min, retry_max or retries", config_.delivery, next.delivery)) {
    return false;
  }
  title_.set(TrackText(next.template_text, next.idle_text, TextEscape::plain));
  replaceEvents(std::move(next.events));
  return true;
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
