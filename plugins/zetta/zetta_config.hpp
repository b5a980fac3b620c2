#pragma once
// The zetta source's YAML section (documented key by key in README.md).

#include <airbridge/network_list.hpp>

#include <airbridge/config_keys.hpp>

#include <chrono>
#include <optional>
#include <string>

namespace airbridge::zetta {

struct ZettaConfig {
  /// Zetta connects here and keeps the connection open (the usual delivery).
  std::optional<SocketAddress> listen;
  /// Or airbridge connects out to Zetta (or a relay) and keeps reconnecting.
  std::optional<SocketAddress> connect;
  /// Optional listener of this source's own that accepts the same XML by HTTP POST.
  std::optional<SocketAddress> http_listen;
  std::string http_path = "/zetta";
  Duration idle_timeout = std::chrono::minutes{10};
  Duration reconnect_min = std::chrono::seconds{1};
  Duration reconnect_max = std::chrono::seconds{30};
  std::size_t max_document_size = 1024 * 1024;
  int max_connections = 8;
  NetworkList allow;
  /// When set, the HTTP POST intake answers 401 unless the request carries
  /// `Authorization: Bearer <secret>` (Zetta's TCP stream cannot carry one: use allow there).
  std::string secret;

  static const ConfigKeys<ZettaConfig>& keys();
};

/// "1048576", "512KiB", "1MiB", "64kb" -> bytes; false when not a size.
bool parseByteSize(std::string_view text, std::size_t& out);

}  // namespace airbridge::zetta
