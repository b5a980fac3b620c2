// Registers the rivendell plugin with the host.

#include "rivendell_config.hpp"
#include "rivendell_source.hpp"

#include <airbridge/plugin_export.hpp>

AIRBRIDGE_DECLARE_PLUGIN("rivendell", "1.0.0",
                         "Rivendell now-playing input (its PAD service over TCP)",
                         airbridge::rivendell::RivendellSource, airbridge::rivendell::RivendellConfig)
