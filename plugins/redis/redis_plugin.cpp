// Registers the redis plugin with the host: the only file here that knows about Boost.DLL.

#include "redis_config.hpp"
#include "redis_bridge.hpp"

#include <airbridge/plugin_export.hpp>

AIRBRIDGE_DECLARE_PLUGIN("redis", "1.0.0",
                         "joins airbridge nodes through a Redis stream",
                         airbridge::redis::RedisBridge, airbridge::redis::RedisBridgeConfig)
