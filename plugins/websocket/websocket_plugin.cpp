// Registers the websocket plugin with the host: the only file here that knows about Boost.DLL.

#include "websocket_config.hpp"
#include "websocket_sink.hpp"

#include <airbridge/plugin_export.hpp>

AIRBRIDGE_DECLARE_PLUGIN("websocket", "1.0.0",
                         "WebSocket gateway for listeners' apps (v1 protocol or the KJHK legacy profile)",
                         airbridge::websocket::WebsocketSink, airbridge::websocket::WebsocketConfig)
