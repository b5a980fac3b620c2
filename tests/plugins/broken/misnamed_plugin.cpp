// A plugin file whose name does not match the name the plugin gives itself.
#include <airbridge/plugin_export.hpp>

namespace {
const airbridge::PluginInfo kInfo{airbridge::kPluginApiVersion, "something_else", "0.0.1", AIRBRIDGE_ABI_TAG};
std::unique_ptr<airbridge::Source> create(const airbridge::ConfigSection&, airbridge::PluginContext&) {
  std::abort();
}
}  // namespace

AIRBRIDGE_EXPORT_SOURCE(kInfo, create)
