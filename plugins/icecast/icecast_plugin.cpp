// Registers the icecast plugin with the host: the only file here that knows about Boost.DLL.

#include "icecast_config.hpp"
#include "icecast_sink.hpp"

#include <airbridge/plugin_export.hpp>

AIRBRIDGE_DECLARE_PLUGIN("icecast", "1.0.0",
                         "the stream title on Icecast 2 mounts or a Shoutcast v1 server",
                         airbridge::icecast::IcecastSink, airbridge::icecast::IcecastConfig)
