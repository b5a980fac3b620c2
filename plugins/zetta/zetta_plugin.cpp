// Registers the zetta plugin with the host: the only file here that knows about Boost.DLL.

#include "zetta_config.hpp"
#include "zetta_source.hpp"

#include <airbridge/plugin_export.hpp>

AIRBRIDGE_DECLARE_PLUGIN("zetta", "1.0.0",
                         "RCS Zetta now-playing input (TCP in, TCP out, HTTP POST)",
                         airbridge::zetta::ZettaSource, airbridge::zetta::ZettaConfig)
