// A plugin file whose name does not match the name the plugin gives itself.
#include <airbridge/plugin_export.hpp>

namespace {
const airbridge::PluginInfo kInfo{airbridge::kPluginApiVersion, "something_else", "0.0.1", AIRBRIDGE_ABI_TAG, "a broken plugin for tests", nullptr};
std::unique_ptr<airbridge::Plugin> create(const airbridge::ConfigSection&, airbridge::PluginContext&) {
  std::abort();
}
}  // namespace

AIRBRIDGE_EXPORT_PLUGIN(kInfo, create)
