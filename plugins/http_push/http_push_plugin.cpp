// Registers the http_push plugin with the host.

#include "http_push_config.hpp"
#include "http_push_source.hpp"

#include <airbridge/plugin_export.hpp>

AIRBRIDGE_DECLARE_PLUGIN("http_push", "1.0.0",
                         "now playing pushed by any playout system over HTTP (GET query, form, JSON, XML)",
                         airbridge::http_push::HttpPushSource, airbridge::http_push::HttpPushConfig)
