#include "tunein_config.hpp"

#include <fmt/format.h>

namespace airbridge::tunein {

const ConfigKeys<TuneinConfig>& TuneinConfig::keys() {
  using C = TuneinConfig;
  static const auto keys = ConfigKeys<C>()
      .required("partner_id", &C::partner_id, "from TuneIn's AIR programme (broadcasters.tunein.com)")
      .required("partner_key", &C::partner_key, "from TuneIn's AIR programme")
      .required("station_id", &C::station_id, "the station's TuneIn id, e.g. s12345")
      .key("url", &C::url, "the AIR API address (another one for a test server)")
      .key("songs_only", &C::songs_only, "send songs only (false: links and spots too)")
      .key("album", &C::album, "send the album when there is one")
      .include(SinkEventOptions::keys(), &C::events)
      .include(OutputDeliveryOptions::keys(), &C::delivery)
      .check([](const ConfigSection& section, C& config) {
        if (!config.url.starts_with("http://") && !config.url.starts_with("https://")) {
          section.fail("url", fmt::format("'{}' must be an http:// or https:// URL", config.url));
        }
      });
  return keys;
}

}  // namespace airbridge::tunein
