#pragma once
// The rivendell source's YAML section (documented key by key in README.md).

#include <airbridge/config_keys.hpp>
#include <airbridge/duration.hpp>
#include <airbridge/socket_address.hpp>

#include <string>
#include <vector>

namespace airbridge::rivendell {

struct RivendellConfig {
  SocketAddress connect;  ///< the PAD service: host:34289
  /// 1 = Main Log, 2 = Aux 1, 3 = Aux 2, 101..120 = the virtual logs.
  int log_machine = 1;
  bool only_on_air = false;  ///< ignore updates while the machine's on-air flag is off
  std::vector<std::string> song_groups{"MUSIC"};
  std::vector<std::string> link_groups{"LEGAL", "IMAGING", "SWEEPERS"};
  std::vector<std::string> spot_groups{"TRAFFIC"};
  std::string default_kind = "song";
  Duration reconnect_min{1000};
  Duration reconnect_max{30000};
  std::size_t max_document_size = 64 * 1024;

  static const ConfigKeys<RivendellConfig>& keys();
};

}  // namespace airbridge::rivendell
