#include "websocket_sink.hpp"

#include "legacy_protocol.hpp"
#include "v1_protocol.hpp"
#include "ws_handshake.hpp"

#include <airbridge/in_place_check.hpp>

#include <fmt/format.h>
#include <unistd.h>

namespace airbridge::websocket {
namespace {
constexpr auto kShutdownGrace = std::chrono::milliseconds{500};
}

WebsocketSink::WebsocketSink(WebsocketConfig config, const ConfigSection& section,
                             PluginContext& context)
    : config_(std::move(config)),
      context_(context),
      events_(config_.events),
      allowedOrigins_(config_.allowed_origins),
      published_(config_.resume_window),
      connections_(context.metrics().gauge("airbridge_websocket_connections",
                                           "Open WebSocket connections",
                                           fmt::format("sink=\"{}\"", context.instanceName()))),
      refused_(context.metrics().counter("airbridge_websocket_refused_total",
                                         "WebSocket handshakes refused (limits, origin, bad request)",
                                         fmt::format("sink=\"{}\"", context.instanceName()))),
      closedSlow_(context.metrics().counter("airbridge_websocket_slow_clients_closed_total",
                                            "Clients closed with 4010 because they could not keep up",
                                            fmt::format("sink=\"{}\"", context.instanceName()))),
      maxConnections_(config_.max_connections),
      maxConnectionsPerIp_(config_.max_connections_per_ip) {
  if (config_.profile == Profile::v1) {
    protocol_ = std::make_unique<V1Protocol>(published_, config_.heartbeat_interval);
  } else {
    protocol_ = std::make_unique<LegacyProtocol>(published_, config_.heartbeat_interval);
  }
  context.http().claim(section, "path", config_.listen, config_.path, *this);
}

WebsocketSink::~WebsocketSink() { stop(); }

void WebsocketSink::start() {
  // What the bus already holds (after a restart, from storage): READY shows it, resume replays it.
  for (const auto& recent : context_.store().recent(config_.resume_window)) {
    SharedDispatch event = events_.apply(recent);
    if (!event) continue;
    if (SharedFrame frame = encode(*event)) published_.record(event, std::move(frame));
  }
  clients_ = std::make_unique<WsClients>(*protocol_, ClientLimits{config_.max_message_size, config_.rate_limit},
                                         context_.log(), closedSlow_,
                                         [this](const std::string& ip) { onClosed(ip); });
  // A client whose queue stops moving for this long is given up on, whatever its size.
  const FanoutSettings settings{config_.max_queued_bytes,
                                std::max<Duration>(config_.heartbeat_interval * 2, std::chrono::seconds{10})};
  loops_ = std::make_unique<FanoutPool>(*clients_, settings, config_.event_loops, context_.metrics(),
                                        context_.instanceName(), "airbridge_websocket_frames_sent_total",
                                        "Event frames queued or written to WebSocket clients");
  loops_->start();
  started_.store(true);
  context_.log().info("serving {} WebSocket clients at {} ({} event loops)",
                      config_.profile == Profile::v1 ? "protocol v1" : "legacy", config_.path,
                      config_.event_loops);
}

void WebsocketSink::deliver(const SharedDispatch& incoming) {
  SharedDispatch event = events_.apply(incoming);
  if (!event) return;
  SharedFrame frame = encode(*event);
  if (!frame || !events_.wait(*event)) return;
  published_.record(event, frame);
  loops_->broadcast({event->sequence, static_cast<std::uint8_t>(topicOf(event->isTrack())), frame,
                     event->admitted});
}

SharedFrame WebsocketSink::encode(const Dispatch& event) const {
  // Encoded once; every client's queue shares these bytes.
  auto message = protocol_->encode(event);
  return message ? makeTextFrame(*message) : nullptr;
}

bool WebsocketSink::reconfigure(const ConfigSection& section, const std::vector<std::string>& changed) {
  if (!onlyInPlaceKeys(context_.log(), changed,
                       sinkOptionKeysAnd({"max_connections", "max_connections_per_ip", "allowed_origins"}))) {
    return false;
  }
  WebsocketConfig next = WebsocketConfig::keys().parse(section);
  events_.replace(std::move(next.events));
  allowedOrigins_.set(std::move(next.allowed_origins));
  std::lock_guard lock(limitsMutex_);  // clients already over a lowered limit stay connected
  maxConnections_ = next.max_connections;
  maxConnectionsPerIp_ = next.max_connections_per_ip;
  return true;
}

void WebsocketSink::stop() noexcept {
  events_.stop();
  started_.store(false);
  if (loops_) loops_->stop(kShutdownGrace);
}

std::optional<WebsocketSink::Refusal> WebsocketSink::reserveConnection(const std::string& ip) {
  std::lock_guard lock(limitsMutex_);
  if (total_ >= maxConnections_) {
    return Refusal{false, fmt::format("the server is at max_connections ({})", maxConnections_)};
  }
  if (maxConnectionsPerIp_ > 0 && perIp_[ip] >= maxConnectionsPerIp_) {
    return Refusal{true, fmt::format("too many connections from {} (max_connections_per_ip {})", ip,
                                     maxConnectionsPerIp_)};
  }
  ++total_;
  ++perIp_[ip];
  connections_.set(total_);
  return std::nullopt;
}

void WebsocketSink::onClosed(const std::string& ip) {
  std::lock_guard lock(limitsMutex_);
  --total_;
  if (auto it = perIp_.find(ip); it != perIp_.end() && --it->second <= 0) perIp_.erase(it);
  connections_.set(total_);
}

void WebsocketSink::handle(const HttpRequest& request, HttpReply& reply) {
  if (auto refusal = checkUpgrade(request, *allowedOrigins_.get())) {
    refused_.add();
    return refuse(reply, *refusal);
  }
  if (auto refusal = protocol_->checkRequest(request)) {
    refused_.add();
    return refuse(reply, *refusal);
  }
  if (!started_.load()) {
    return refuse(reply, {503, "unavailable", "the server is starting or stopping"});
  }
  if (auto full = reserveConnection(request.client_ip)) {
    refused_.add();
    reply.set("Retry-After", "5");
    return refuse(reply, {full->per_address ? 429 : 503, "too_many_connections", full->message});
  }
  // Given back here if the connection never reaches a loop (the client left before the 101
  // was written); from adopt() on, the loop reports the close.
  auto reservation = std::make_shared<Reservation>(*this, request.client_ip);
  acceptUpgrade(request, reply, [this, reservation](TakenConnection taken) {
    reservation->handed_on = true;
    loops_->adopt(std::move(taken));
  });
}

}  // namespace airbridge::websocket
