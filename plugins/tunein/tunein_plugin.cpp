// Registers the tunein plugin with the host: the only file here that knows about Boost.DLL.

#include "tunein_config.hpp"
#include "tunein_sink.hpp"

#include <airbridge/plugin_export.hpp>

AIRBRIDGE_DECLARE_PLUGIN("tunein", "1.0.0", "each song to TuneIn's AIR API, once per song start",
                         airbridge::tunein::TuneinSink, airbridge::tunein::TuneinConfig)
