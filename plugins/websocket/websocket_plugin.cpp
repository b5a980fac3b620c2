// Registers the websocket sink with the host: the only file here that knows about Boost.DLL.

#include "websocket_config.hpp"
#include "websocket_sink.hpp"

#include <airbridge/plugin_export.hpp>

namespace airbridge::websocket {
namespace {

const PluginInfo kInfo{kPluginApiVersion, "websocket", "1.0.0", AIRBRIDGE_ABI_TAG};

std::unique_ptr<Sink> createWebsocketSink(const ConfigSection& section, PluginContext& context) {
  auto sink = std::make_unique<WebsocketSink>(WebsocketConfig::parse(section), section, context);
  section.finish();
  return sink;
}

}  // namespace
}  // namespace airbridge::websocket

AIRBRIDGE_EXPORT_SINK(airbridge::websocket::kInfo, airbridge::websocket::createWebsocketSink)
