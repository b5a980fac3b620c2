#pragma once
// The tunein output's YAML section: the defaults here, the keys declared in the .cpp.

#include <airbridge/config_keys.hpp>
#include <airbridge/output_plugin.hpp>

#include <string>

namespace airbridge::tunein {

struct TuneinConfig {
  std::string partner_id;
  std::string partner_key;
  std::string station_id;  ///< "s12345"
  std::string url = "http://air.radiotime.com/Playing.ashx";
  bool songs_only = true;
  bool album = true;
  SinkEventOptions events;
  OutputDeliveryOptions delivery;

  static const ConfigKeys<TuneinConfig>& keys();
};

}  // namespace airbridge::tunein
