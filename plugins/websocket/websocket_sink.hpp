#pragma once
// The websocket sink: the host's HTTP front door does only the upgrade handshake; then the
// socket belongs to one of this sink's fan-out loops (the SDK's FanoutPool). Each event is
// encoded once, by the profile, and the same bytes are queued to every client.

#include "client_protocol.hpp"
#include "published_frames.hpp"
#include "websocket_config.hpp"
#include "ws_clients.hpp"

#include <airbridge/live_value.hpp>
#include <airbridge/plugin.hpp>

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

namespace airbridge::websocket {

class WebsocketSink final : public ConsumerPlugin, public HttpEndpoint {
 public:
  WebsocketSink(WebsocketConfig config, const ConfigSection& section, PluginContext& context);
  ~WebsocketSink() override;

  void start() override;
  void deliver(const SharedDispatch& event) override;
  void stop() noexcept override;
  /// In place: delay, kinds, filters, next, connection limits, allowed origins. Anything else
  /// (listen, path, profile, loops, buffers) needs a new instance.
  bool reconfigure(const ConfigSection& section, const std::vector<std::string>& changed) override;

  void handle(const HttpRequest& request, HttpReply& reply) override;

 private:
  /// The profile's message for `event` as one frame, or null when the profile does not carry it.
  SharedFrame encode(const Dispatch& event) const;
  /// Connection limits; on success the connection is counted (released by onClosed).
  struct Refusal {
    bool per_address;  ///< 429 (this address is at its limit) rather than 503 (the sink is full)
    std::string message;
  };
  std::optional<Refusal> reserveConnection(const std::string& ip);
  /// A place reserved by reserveConnection() until a loop adopts the connection.
  struct Reservation {
    Reservation(WebsocketSink& sink_, std::string ip_) : sink(sink_), ip(std::move(ip_)) {}
    ~Reservation() {
      if (!handed_on) sink.onClosed(ip);
    }
    WebsocketSink& sink;
    std::string ip;
    bool handed_on = false;
  };
  void onClosed(const std::string& ip);

  const WebsocketConfig config_;  ///< as started; what reconfigure() changes is held below
  PluginContext& context_;
  LiveSinkEvents events_;
  LiveValue<std::vector<std::string>> allowedOrigins_;
  PublishedFrames published_;
  std::unique_ptr<ClientProtocol> protocol_;
  Gauge& connections_;
  Counter& refused_;
  Counter& closedSlow_;
  std::unique_ptr<WsClients> clients_;
  std::unique_ptr<FanoutPool> loops_;

  std::mutex limitsMutex_;
  int maxConnections_;
  int maxConnectionsPerIp_;
  int total_ = 0;
  std::map<std::string, int> perIp_;

  std::atomic<bool> started_{false};
};

}  // namespace airbridge::websocket
