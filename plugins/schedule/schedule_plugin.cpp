// Registers the schedule plugin with the host: the only file here that knows about Boost.DLL.

#include "schedule_config.hpp"
#include "schedule_sink.hpp"

#include <airbridge/plugin_export.hpp>

namespace airbridge::schedule {
namespace {

const PluginInfo kInfo{kPluginApiVersion, "schedule", "1.0.0", AIRBRIDGE_ABI_TAG};

std::unique_ptr<Sink> createScheduleSink(const ConfigSection& section, PluginContext& context) {
  auto sink = std::make_unique<ScheduleSink>(ScheduleConfig::parse(section), section, context);
  section.finish();
  return sink;
}

}  // namespace
}  // namespace airbridge::schedule

AIRBRIDGE_EXPORT_SINK(airbridge::schedule::kInfo, airbridge::schedule::createScheduleSink)
