#pragma once
// The icecast output: the stream title every internet-radio player shows, updated on each
// mount when a song starts (after this sink's delay, kinds and filters), from the output's own
// delivery queue where only the newest title waits.

#include "icecast_config.hpp"
#include "metadata_update.hpp"

#include <airbridge/live_value.hpp>
#include <airbridge/output_plugin.hpp>
#include <airbridge/text_template.hpp>

#include <optional>

namespace airbridge::icecast {

class IcecastSink final : public OutputPlugin {
 public:
  IcecastSink(IcecastConfig config, PluginContext& context);

 private:
  /// Besides every output's delay, kinds, filters and next, SIGHUP changes the templates in place.
  std::vector<std::string_view> inPlaceKeys() const override { return {"template", "idle_text"}; }
  void reconfigureOwn(const ConfigSection& section) override;
  /// Songs, and other tracks when there is an idle_text (else the title stays on the last song).
  bool takes(const Dispatch& event) const override;
  void send(const Dispatch& event) override;
  void started() override;
  /// Every mount, in turn; the first problem fails the attempt (all are sent again on retry).
  std::optional<std::string> update(const std::vector<MetadataCall>& calls) const;

  const IcecastConfig config_;  ///< as started; the templates in force are title_
  LiveValue<TrackText> title_;
};

}  // namespace airbridge::icecast
