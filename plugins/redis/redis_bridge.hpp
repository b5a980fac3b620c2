#pragma once
// The redis sink: joins this node to the others through one Redis stream. Its own events go
// out (StreamPublisher), everyone else's come in (StreamFollower); events that came in are
// never sent out again, so nothing loops.

#include "link_health.hpp"
#include "redis_config.hpp"
#include "stream_follower.hpp"
#include "stream_publisher.hpp"

#include <airbridge/plugin.hpp>

namespace airbridge::redis {

class RedisBridge final : public ConsumerPlugin {
 public:
  RedisBridge(RedisBridgeConfig config, PluginContext& context);
  ~RedisBridge() override { stop(); }

  void start() override;
  void deliver(const SharedDispatch& event) override;
  void stop() noexcept override;

 private:
  const RedisBridgeConfig config_;
  PluginContext& context_;
  LinkHealth health_;
  StreamPublisher publisher_;
  StreamFollower follower_;
};

}  // namespace airbridge::redis
