// Registers the file_watch plugin with the host.

#include "file_watch_config.hpp"
#include "file_watch_source.hpp"

#include <airbridge/plugin_export.hpp>

AIRBRIDGE_DECLARE_PLUGIN("file_watch", "1.0.0",
                         "now playing from a file the playout system rewrites (text, JSON or XML)",
                         airbridge::file_watch::FileWatchSource, airbridge::file_watch::FileWatchConfig)
