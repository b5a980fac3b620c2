#pragma once
// The rds output: each admitted track (after this sink's delay, kinds and filters) becomes the
// encoder commands of its dialect, handed to a delivery queue of its own where only the newest
// update waits: an encoder that is down or slow costs this output alone, and when it comes back
// it shows what is on air now, not what was.

#include "encoder_link.hpp"
#include "rds_commands.hpp"
#include "rds_config.hpp"

#include <airbridge/delivery_queue.hpp>
#include <airbridge/plugin.hpp>

#include <memory>

namespace airbridge::rds {

class RdsSink final : public ConsumerPlugin {
 public:
  RdsSink(RdsConfig config, PluginContext& context);
  ~RdsSink() override;

  void start() override;
  void deliver(const SharedDispatch& event) override;
  void stop() noexcept override;

 private:
  const RdsConfig config_;
  PluginContext& context_;
  RdsCommands commands_;
  std::unique_ptr<EncoderLink> link_;  // used only on the queue's thread
  PublishDelay delay_;
  DeliveryQueue queue_;
};

}  // namespace airbridge::rds
