#include "rds_sink.hpp"

#include <fmt/format.h>

namespace airbridge::rds {

RdsSink::RdsSink(RdsConfig config, PluginContext& context)
    : OutputPlugin(config.events, config.delivery, /*latest_wins=*/true, context),
      config_(std::move(config)),
      commands_(std::in_place, config_, config_.station_text.empty() ? context.station().name : config_.station_text) {
  if (config_.connect) {
    link_ = std::make_unique<TcpEncoderLink>(*config_.connect, config_.delivery.timeout);
  } else {
    link_ = std::make_unique<UdpEncoderLink>(*config_.udp);
  }
}


void RdsSink::reconfigureOwn(const ConfigSection& section) {
  const RdsConfig next = RdsConfig::keys().read(section);
  commands_.emplace(next, next.station_text.empty() ? context().station().name : next.station_text);
}

void RdsSink::started() {
  context().log().info("sending RDS ({}) to {}", config_.dialect == Dialect::ascii ? "ascii" : "inovonics_732",
                       config_.connect ? config_.connect->toString() : "udp " + config_.udp->toString());
  // What is on air already (after a restart) goes out at once, through kinds and filters. The
  // host starts this sink's worker only after start(), so nothing runs deliver() alongside.
  if (SharedDispatch now = context().store().nowPlaying()) deliver(now);
}

void RdsSink::send(const Dispatch& event) {
  const TrackEvent& track = *event.track();
  auto lines = commands_.get()->forTrack(track, fieldsOf(track));
  post(fmt::format("#{} '{}'", event.sequence, track.title),
       [this, lines = std::move(lines)] { return link_->send(lines); });
}

}  // namespace airbridge::rds
