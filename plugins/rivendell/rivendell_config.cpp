#include "rivendell_config.hpp"

#include <fmt/format.h>

namespace airbridge::rivendell {
namespace {

void checkTogether(const ConfigSection& section, RivendellConfig& config) {
  const int machine = config.log_machine;
  if (!((machine >= 1 && machine <= 3) || (machine >= 101 && machine <= 120))) {
    section.fail("log_machine", fmt::format("{} is not a log machine: 1 (Main Log), 2 (Aux 1), 3 (Aux 2) "
                                            "or 101..120 (virtual logs)", machine));
  }
  if (config.connect.port() == 0) section.fail("connect", "needs the PAD service's port (34289 unless changed)");
  if (config.reconnect_max < config.reconnect_min) {
    section.fail("reconnect_max", fmt::format("must not be less than reconnect_min ({})",
                                              formatDuration(config.reconnect_min)));
  }
}

}  // namespace

const ConfigKeys<RivendellConfig>& RivendellConfig::keys() {
  using C = RivendellConfig;
  static const auto keys = ConfigKeys<C>()
      .required("connect", &C::connect, "the Rivendell machine's PAD service, host:34289")
      .key("log_machine", &C::log_machine, between(1, 120),
           "which log: 1 Main Log, 2 Aux 1, 3 Aux 2, 101..120 virtual logs")
      .key("only_on_air", &C::only_on_air, "ignore updates while the machine's on-air flag is off")
      .key("song_groups", &C::song_groups, "Rivendell groups whose carts are songs")
      .key("link_groups", &C::link_groups, "groups whose carts are station IDs and imaging (kind link)")
      .key("spot_groups", &C::spot_groups, "groups whose carts are commercials (kind spot)")
      .choice("default_kind", &C::default_kind,
              {{"song", "song"}, {"link", "link"}, {"spot", "spot"}, {"break", "break"},
               {"voicetrack", "voicetrack"}, {"other", "other"}},
              "the kind of a cart in any other group")
      .key("reconnect_min", &C::reconnect_min, between(Duration{10}, Duration{std::chrono::hours{1}}),
           "first wait after the link drops, doubled up to reconnect_max")
      .key("reconnect_max", &C::reconnect_max, between(Duration{10}, Duration{std::chrono::hours{1}}),
           "longest wait between connect attempts")
      .key("max_document_size", &C::max_document_size, between<std::size_t>(1024, 1024 * 1024),
           "largest PAD update, in bytes; a bigger one is dropped")
      .check(checkTogether);
  return keys;
}

}  // namespace airbridge::rivendell
