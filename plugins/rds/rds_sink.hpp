#pragma once
// The rds output: each admitted track (after this sink's delay, kinds and filters) becomes the
// encoder commands of its dialect, handed to the output's own delivery queue where only the
// newest update waits: an encoder that is down or slow costs this output alone, and when it
// comes back it shows what is on air now, not what was.

#include "encoder_link.hpp"
#include "rds_commands.hpp"
#include "rds_config.hpp"

#include <airbridge/live_value.hpp>
#include <airbridge/output_plugin.hpp>

#include <memory>

namespace airbridge::rds {

class RdsSink final : public OutputPlugin {
 public:
  RdsSink(RdsConfig config, PluginContext& context);

 private:
  /// Besides every output's delay, kinds, filters and next, SIGHUP changes what is sent in
  /// place (the link to the encoder stays open).
  std::vector<std::string_view> inPlaceKeys() const override {
    return {"dialect", "station_text", "radiotext", "dps", "rt_plus"};
  }
  void reconfigureOwn(const ConfigSection& section) override;
  bool takes(const Dispatch& event) const override { return event.isTrack(); }  // not programs
  void send(const Dispatch& event) override;
  void started() override;

  const RdsConfig config_;        ///< as started; the commands in force are commands_
  LiveValue<RdsCommands> commands_;
  std::unique_ptr<EncoderLink> link_;  // used only on the queue's thread
};

}  // namespace airbridge::rds
