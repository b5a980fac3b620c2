#include "websocket_sink.hpp"

#include "gateway_protocol.hpp"
#include "ws_handshake.hpp"

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
      published_(config_.resume_window),
      connections_(context.metrics().gauge("airbridge_websocket_connections",
                                           "Open WebSocket connections",
                                           fmt::format("sink=\"{}\"", context.instanceName()))),
      refused_(context.metrics().counter("airbridge_websocket_refused_total",
                                         "WebSocket handshakes refused (limits, origin, bad request)",
                                         fmt::format("sink=\"{}\"", context.instanceName()))),
      delay_(config_.events.delay) {
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
    SharedDispatch event = config_.events.apply(recent);
    if (!event || (config_.profile == Profile::legacy && !event->isTrack())) continue;
    published_.record(event, encode(*event));
  }
  LoopSettings settings{config_.max_message_size, config_.max_queued_bytes,
                        std::max<Duration>(config_.heartbeat_interval * 2, std::chrono::seconds{10}),
                        config_.rate_limit};
  for (int i = 0; i < config_.event_loops; ++i) {
    loops_.push_back(std::make_unique<WsEventLoop>(
        *protocol_, settings, context_.log(), context_.metrics(), context_.instanceName(),
        [this](const std::string& ip) { onClosed(ip); }));
    loops_.back()->start();
  }
  started_.store(true);
  context_.log().info("serving {} WebSocket clients at {} ({} event loops)",
                      config_.profile == Profile::v1 ? "protocol v1" : "legacy", config_.path,
                      config_.event_loops);
}

void WebsocketSink::deliver(const SharedDispatch& incoming) {
  SharedDispatch event = config_.events.apply(incoming);
  if (!event) return;
  if (config_.profile == Profile::legacy && !event->isTrack()) return;
  if (!delay_.wait(*event)) return;
  const Topic topic = event->isTrack() ? Topic::now_playing : Topic::program;
  SharedFrame frame = encode(*event);
  published_.record(event, frame);
  for (auto& loop : loops_) loop->broadcast({event->sequence, topic, frame, event->admitted});
}

SharedFrame WebsocketSink::encode(const Dispatch& event) const {
  // Encoded once; every client's queue shares these bytes.
  return makeTextFrame(config_.profile == Profile::v1 ? dispatchMessage(event) : legacyMessage(event));
}

void WebsocketSink::stop() noexcept {
  delay_.stop();
  started_.store(false);
  for (auto& loop : loops_) loop->stop(kShutdownGrace);
  loops_.clear();
}

std::optional<WebsocketSink::Refusal> WebsocketSink::reserveConnection(const std::string& ip) {
  std::lock_guard lock(limitsMutex_);
  if (total_ >= config_.max_connections) {
    return Refusal{false, fmt::format("the server is at max_connections ({})", config_.max_connections)};
  }
  if (config_.max_connections_per_ip > 0 && perIp_[ip] >= config_.max_connections_per_ip) {
    return Refusal{true, fmt::format("too many connections from {} (max_connections_per_ip {})", ip,
                                     config_.max_connections_per_ip)};
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
  if (auto refusal = checkUpgrade(request, config_.allowed_origins)) {
    refused_.add();
    return refuse(reply, *refusal);
  }
  if (config_.profile == Profile::legacy) {
    const std::string* target = request.queryValue("target");
    if (!target || *target != "metadata") {
      refused_.add();
      return refuse(reply, {400, "unknown_target", "this endpoint serves ?target=metadata"});
    }
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
    loops_[nextLoop_.fetch_add(1) % loops_.size()]->adopt(std::move(taken));
  });
}

}  // namespace airbridge::websocket
