#pragma once
// The icecast output: the stream title every internet-radio player shows, updated on each
// mount when a song starts (after this sink's delay, kinds and filters), from its own delivery
// thread where only the newest title waits.

#include "icecast_config.hpp"
#include "metadata_update.hpp"

#include <airbridge/delivery_queue.hpp>
#include <airbridge/plugin.hpp>
#include <airbridge/text_template.hpp>

#include <optional>

namespace airbridge::icecast {

class IcecastSink final : public ConsumerPlugin {
 public:
  IcecastSink(IcecastConfig config, PluginContext& context);
  ~IcecastSink() override;

  void start() override;
  void deliver(const SharedDispatch& event) override;
  void stop() noexcept override;

 private:
  /// Every mount, in turn; the first problem fails the attempt (all are sent again on retry).
  std::optional<std::string> update(const std::vector<MetadataCall>& calls) const;

  const IcecastConfig config_;
  PluginContext& context_;
  const TextTemplate title_;
  const std::optional<TextTemplate> idle_;
  PublishDelay delay_;
  DeliveryQueue queue_;
};

}  // namespace airbridge::icecast
