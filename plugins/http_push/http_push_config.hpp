#pragma once
// The http_push source's YAML section (documented key by key in README.md).

#include <airbridge/config_keys.hpp>
#include <airbridge/mapped_fields.hpp>
#include <airbridge/network_list.hpp>
#include <airbridge/socket_address.hpp>

#include <string>

namespace airbridge::http_push {

/// How a request body says what is on air; `automatic` decides per request (GET: the query;
/// POST: by Content-Type).
enum class PushFormat { automatic, query, form, json, xml };

struct HttpPushConfig {
  /// The listener the path is claimed on: the public port, shared with the http sink.
  SocketAddress listen{"0.0.0.0", 8080};
  std::string path = "/push";
  std::string secret;
  NetworkList allow;
  bool allow_query_secret = false;
  PushFormat format = PushFormat::automatic;
  FieldMapping mapping;

  static const ConfigKeys<HttpPushConfig>& keys();
};

}  // namespace airbridge::http_push
