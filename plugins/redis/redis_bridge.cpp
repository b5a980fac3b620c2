#include "redis_bridge.hpp"

namespace airbridge::redis {

RedisBridge::RedisBridge(RedisBridgeConfig config, PluginContext& context)
    : config_(std::move(config)),
      context_(context),
      health_(context.log(), context.metrics(), config_.address.toString()),
      publisher_(config_, context.store(), context.station().node_id, health_, context.log(),
                 context.metrics()),
      follower_(config_, context, health_) {}

void RedisBridge::start() {
  context_.log().info("node {} shares events through {} at {}", context_.station().node_id,
                      config_.streamKey(), config_.address.toString());
  follower_.start();
  publisher_.start();
}

void RedisBridge::deliver(const SharedDispatch& event) {
  if (event->origin == context_.station().node_id) publisher_.wake();
}

void RedisBridge::stop() noexcept {
  publisher_.stop();
  follower_.stop();
}

}  // namespace airbridge::redis
