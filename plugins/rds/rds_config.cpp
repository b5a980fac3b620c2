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
      .key("timeout", &C::timeout, between(Duration{100}, Duration{60'000}),
           "for connecting and for each write")
      .key("reconnect_min", &C::reconnect_min, between(Duration{10}, Duration{3'600'000}),
           "first wait after a failed delivery, doubled up to reconnect_max")
      .key("reconnect_max", &C::reconnect_max, between(Duration{10}, Duration{3'600'000}),
           "longest wait between attempts")
      .key("retries", &C::retries, between(0, 1000),
           "attempts after the first before an update is dropped (a newer one replaces it anyway)")
      .include(SinkEventOptions::keys(), &C::events)
      .check([](const ConfigSection& section, C& config) {
        if (config.connect.has_value() == config.udp.has_value()) {
          section.failHere("needs exactly one of connect: (TCP) or udp: (the encoder's address)");
        }
        if (config.connect && config.connect->port() == 0) section.fail("connect", "needs a port");
        if (config.udp && config.udp->port() == 0) section.fail("udp", "needs a port");
        if (config.reconnect_max < config.reconnect_min) {
          section.fail("reconnect_max", "must not be less than reconnect_min");
        }
        TextTemplate::check(section, "radiotext", config.radiotext);
        TextTemplate::check(section, "dps", config.dps);
      });
  return keys;
}

}  // namespace airbridge::rds
