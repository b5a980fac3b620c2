// Registers the file_write plugin with the host: the only file here that knows about Boost.DLL.

#include "file_write_config.hpp"
#include "file_write_sink.hpp"

#include <airbridge/plugin_export.hpp>

AIRBRIDGE_DECLARE_PLUGIN("file_write", "1.0.0",
                         "a now-playing file rewritten atomically: text for overlays, DLS for DAB+",
                         airbridge::file_write::FileWriteSink, airbridge::file_write::FileWriteConfig)
