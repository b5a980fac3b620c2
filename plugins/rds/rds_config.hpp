#pragma once
// The rds output's YAML section: the defaults here, the keys declared in the .cpp.

#include <airbridge/config_keys.hpp>
#include <airbridge/output_plugin.hpp>

#include <optional>
#include <string>

namespace airbridge::rds {

enum class Dialect {
  inovonics_732,  ///< SONGTITLE= / ARTISTNAME= / TEXT= / DURATION=, as KJHK's Zetta XSLT sends
  ascii,          ///< TEXT= (RadioText, 64 characters), DPS= (128), optional RT+ tags
};

struct RdsConfig {
  std::optional<SocketAddress> connect;  ///< the encoder's TCP port, kept open
  std::optional<SocketAddress> udp;      ///< or one datagram per command
  Dialect dialect = Dialect::inovonics_732;
  std::string station_text;  ///< shown for everything but songs; empty: the station's name
  std::string radiotext = "{{#artist}}{{artist}} - {{/artist}}{{title}}";
  std::string dps = "{{#artist}}{{artist}} - {{/artist}}{{title}}{{#album}} ({{album}}){{/album}}";
  bool rt_plus = false;
  SinkEventOptions events;
  OutputDeliveryOptions delivery;

  static const ConfigKeys<RdsConfig>& keys();
};

}  // namespace airbridge::rds
