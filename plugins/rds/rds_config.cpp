#include "rds_config.hpp"

#include <airbridge/text_template.hpp>

namespace airbridge::rds {

const ConfigKeys<RdsConfig>& RdsConfig::keys() {
  using C = RdsConfig;
  static const auto keys = ConfigKeys<C>()
      .key("connect", &C::connect, "the encoder's TCP address (kept open, reconnected with backoff)")
      .key("udp", &C::udp, "or the encoder's UDP address: one datagram per command")
      .choice("dialect", &C::dialect,
              {{"inovonics_732", Dialect::inovonics_732}, {"ascii", Dialect::ascii}},
              "inovonics_732: SONGTITLE=/ARTISTNAME=/TEXT=/DURATION=; ascii: TEXT=, DPS= and RT+")
      .key("station_text", &C::station_text,
           "shown for links, spots and the like (none: the station's name)")
      .key("radiotext", &C::radiotext, "ascii: template of TEXT=, cut to 64 characters")
      .key("dps", &C::dps, "ascii: template of DPS= (scrolling PS), cut to 128 characters")
      .key("rt_plus", &C::rt_plus, "ascii: also send RTP= with the title and artist positions")
      .include(SinkEventOptions::keys(), &C::events)
      .include(OutputDeliveryOptions::keys(), &C::delivery)
      .check([](const ConfigSection& section, C& config) {
        if (config.connect.has_value() == config.udp.has_value()) {
          section.failHere("needs exactly one of connect: (TCP) or udp: (the encoder's address)");
        }
        if (config.connect && config.connect->port() == 0) section.fail("connect", "needs a port");
        if (config.udp && config.udp->port() == 0) section.fail("udp", "needs a port");
        TextTemplate::check(section, "radiotext", config.radiotext);
        TextTemplate::check(section, "dps", config.dps);
      });
  return keys;
}

}  // namespace airbridge::rds
