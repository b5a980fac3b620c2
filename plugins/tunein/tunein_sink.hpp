#pragma once
// The tunein output: TuneIn's AIR API told of each song as it starts (after this sink's delay,
// kinds and filters), once per song: not again after a restart, nor for a repeat of the same
// event. Its answer is XML; only <status>200</status> is success, and a <fault> is reported.

#include "tunein_config.hpp"

#include <airbridge/http_client.hpp>
#include <airbridge/output_plugin.hpp>

#include <optional>
#include <string>

namespace airbridge::tunein {

/// nullopt when the AIR API took the song; else what it said, with the fix.
std::optional<std::string> problemIn(const HttpClientResponse& answer);

class TuneinSink final : public OutputPlugin {
 public:
  TuneinSink(TuneinConfig config, PluginContext& context);

 private:
  /// Songs (unless songs_only is off), each event once.
  bool takes(const Dispatch& event) const override;
  void send(const Dispatch& event) override;
  void started() override;
  std::string requestUrl(const TrackEvent& track) const;

  const TuneinConfig config_;
  std::string lastSent_;  // the id of the last song sent (sink thread only)
};

}  // namespace airbridge::tunein
