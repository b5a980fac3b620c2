// A plugin built against an older plugin API: the host must refuse it before calling anything.
#include <airbridge/plugin_export.hpp>

namespace {
const airbridge::PluginInfo kInfo{0, "oldapi", "0.0.1", AIRBRIDGE_ABI_TAG, "a broken plugin for tests", nullptr};
std::unique_ptr<airbridge::Plugin> create(const airbridge::ConfigSection&, airbridge::PluginContext&) {
  std::abort();  // reaching this would mean the version check failed
}
}  // namespace

AIRBRIDGE_EXPORT_PLUGIN(kInfo, create)
