#include "rds_sink.hpp"

#include <airbridge/in_place_check.hpp>
#include <fmt/format.h>

namespace airbridge::rds {

RdsSink::RdsSink(RdsConfig config, PluginContext& context)
    : OutputPlugin(config.events, config.delivery, /*latest_wins=*/true, context),
      config_(std::move(config)),
      commands_(config_, config_.station_text.empty() ? context.station().name : config_.station_text) {
  if (config_.connect) {
    link_ = std::make_unique<TcpEncoderLink>(*config_.connect, config_.delivery.timeout);
  } else {
    link_ = std::make_unique<UdpEncoderLink>(*config_.udp);
  }
}

bool RdsSink::reconfigure(const ConfigSection& section) {
  RdsConfig next = RdsConfig::keys().parse(section);
  if (!InPlaceCheck(context().log())
           .same("connect", config_.connect, next.connect)
           .same("udp", config_.udp, next.udp)
           .same("dialect", config_.dialect, next.dialect)
           .same("station_text", config_.station_text, next.station_text)
           .same("radiotext", config_.radiotext, next.radiotext)
           .same("dps", config_.dps, next.dps)
           .same("rt_plus", config_.rt_plus, next.rt_plus)
           .same("timeout, retry_min, retry_max or retries", config_.delivery, next.delivery)) {
    return false;
  }
  replaceEvents(std::move(next.events));
  return true;
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
  auto lines = commands_.forTrack(track, fieldsOf(track));
  post(fmt::format("#{} '{}'", event.sequence, track.title),
       [this, lines = std::move(lines)] { return link_->send(lines); });
}

}  // namespace airbridge::rds
