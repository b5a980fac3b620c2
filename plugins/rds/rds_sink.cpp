#include "rds_sink.hpp"

#include <fmt/format.h>

namespace airbridge::rds {

RdsSink::RdsSink(RdsConfig config, PluginContext& context)
    : config_(std::move(config)),
      context_(context),
      commands_(config_, config_.station_text.empty() ? context.station().name : config_.station_text),
      delay_(config_.events.delay),
      queue_(DeliverySettings{config_.reconnect_min, config_.reconnect_max, config_.retries, true},
             context.log(), context.metrics(), context.instanceName()) {
  if (config_.connect) {
    link_ = std::make_unique<TcpEncoderLink>(*config_.connect, config_.timeout);
  } else {
    link_ = std::make_unique<UdpEncoderLink>(*config_.udp);
  }
}

RdsSink::~RdsSink() { stop(); }

void RdsSink::start() {
  queue_.start();
  context_.log().info("sending RDS ({}) to {}", config_.dialect == Dialect::ascii ? "ascii" : "inovonics_732",
                      config_.connect ? config_.connect->toString() : "udp " + config_.udp->toString());
  // What is on air already (after a restart) goes out at once.
  if (SharedDispatch now = context_.store().nowPlaying()) deliver(now);
}

void RdsSink::deliver(const SharedDispatch& incoming) {
  const SharedDispatch event = config_.events.apply(incoming);
  const TrackEvent* track = event ? event->track() : nullptr;
  if (!track || !delay_.wait(*event)) return;  // program changes are not for the encoder
  const TemplateFields fields =
      templateFields(*track, context_.station(), context_.store().currentProgram().get());
  auto lines = commands_.forTrack(*track, fields);
  queue_.post(fmt::format("#{} '{}'", event->sequence, track->title),
              [this, lines = std::move(lines)] { return link_->send(lines); });
}

void RdsSink::stop() noexcept {
  delay_.stop();
  queue_.stop();
  link_->close();
}

}  // namespace airbridge::rds
