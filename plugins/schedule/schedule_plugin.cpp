// Registers the schedule plugin with the host: the only file here that knows about Boost.DLL.

#include "schedule_config.hpp"
#include "schedule_service.hpp"

#include <airbridge/plugin_export.hpp>

AIRBRIDGE_DECLARE_PLUGIN("schedule", "1.0.0",
                         "the program schedule per term, and PROGRAM_CHANGED at each show",
                         airbridge::schedule::ScheduleService, airbridge::schedule::ScheduleConfig)
