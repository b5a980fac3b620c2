// Registers the http plugin with the host: the only file here that knows about Boost.DLL.

#include "http_config.hpp"
#include "http_sink.hpp"

#include <airbridge/plugin_export.hpp>

AIRBRIDGE_DECLARE_PLUGIN("http", "1.0.0",
                         "REST, Server-Sent Events, health, metrics and the demo page",
                         airbridge::http::HttpSink, airbridge::http::HttpSinkConfig)
