#pragma once
// The websocket sink's YAML section: the defaults here, the keys declared in the .cpp.

#include <airbridge/config_keys.hpp>
#include <airbridge/sink_options.hpp>

#include <string>
#include <vector>

namespace airbridge::websocket {

enum class Profile {
  v1,      ///< the gateway protocol of docs/protocol.md
  legacy,  ///< the KJHK app's drop-in (docs/protocol.md, "The KJHK legacy profile")
};

struct WebsocketConfig {
  SocketAddress listen{"0.0.0.0", 8080};
  std::string path = "/ws";
  Profile profile = Profile::v1;
  Duration heartbeat_interval = std::chrono::seconds{30};
  std::size_t max_message_size = 4096;
  std::size_t max_queued_bytes = 256 * 1024;
  int max_connections = 19'000;
  int max_connections_per_ip = 0;     ///< 0: no per-address limit
  std::vector<std::string> allowed_origins;  ///< empty: any Origin (or none)
  int event_loops = 2;
  int rate_limit = 60;                ///< client messages per minute before 4008
  std::size_t resume_window = 500;    ///< published events kept for resuming clients
  SinkEventOptions events;            ///< delay, kinds, filters, next

  static const ConfigKeys<WebsocketConfig>& keys();
};

}  // namespace airbridge::websocket
