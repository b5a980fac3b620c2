// Registers the webhook plugin with the host: the only file here that knows about Boost.DLL.

#include "webhook_config.hpp"
#include "webhook_sink.hpp"

#include <airbridge/plugin_export.hpp>

AIRBRIDGE_DECLARE_PLUGIN("webhook", "1.0.0",
                         "each event to a URL, in order, signed as Standard Webhooks (Discord, Mastodon...)",
                         airbridge::webhook::WebhookSink, airbridge::webhook::WebhookConfig)
