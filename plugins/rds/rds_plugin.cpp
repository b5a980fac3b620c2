// Registers the rds plugin with the host: the only file here that knows about Boost.DLL.

#include "rds_config.hpp"
#include "rds_sink.hpp"

#include <airbridge/plugin_export.hpp>

AIRBRIDGE_DECLARE_PLUGIN("rds", "1.0.0",
                         "RadioText and song data for an RDS encoder, over TCP or UDP",
                         airbridge::rds::RdsSink, airbridge::rds::RdsConfig)
