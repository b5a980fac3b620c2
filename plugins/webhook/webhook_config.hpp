#pragma once
// The webhook output's YAML section: the defaults here, the keys declared in the .cpp.

#include <airbridge/config_keys.hpp>
#include <airbridge/output_plugin.hpp>

#include <string>
#include <utility>
#include <vector>

namespace airbridge::webhook {

struct WebhookConfig {
  std::string url;
  std::string method = "POST";
  std::string body;  ///< a template; empty: the event's JSON ({"t":..,"s":..,"d":..})
  std::string content_type = "application/json";
  std::vector<std::string> headers;  ///< "Name: value"
  std::string secret;                ///< Standard Webhooks signing secret ("whsec_..." or raw)
  std::size_t max_pending = 1000;
  SinkEventOptions events;
  OutputDeliveryOptions delivery;

  /// `headers` split at their first ':' (checked at config time).
  std::vector<std::pair<std::string, std::string>> headerPairs() const;

  static const ConfigKeys<WebhookConfig>& keys();
};

}  // namespace airbridge::webhook
