// Registers the redis sink with the host: the only file here that knows about Boost.DLL.

#include "redis_bridge.hpp"
#include "redis_config.hpp"

#include <airbridge/plugin_export.hpp>

namespace airbridge::redis {
namespace {

const PluginInfo kInfo{kPluginApiVersion, "redis", "1.0.0", AIRBRIDGE_ABI_TAG};

std::unique_ptr<Sink> createRedisBridge(const ConfigSection& section, PluginContext& context) {
  auto sink = std::make_unique<RedisBridge>(RedisBridgeConfig::parse(section), context);
  section.finish();
  return sink;
}

}  // namespace
}  // namespace airbridge::redis

AIRBRIDGE_EXPORT_SINK(airbridge::redis::kInfo, airbridge::redis::createRedisBridge)
