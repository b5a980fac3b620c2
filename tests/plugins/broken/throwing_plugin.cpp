// A plugin whose factory throws something other than ConfigError.
#include <airbridge/plugin_export.hpp>

#include <stdexcept>

namespace {
const airbridge::PluginInfo kInfo{airbridge::kPluginApiVersion, "throwing", "0.0.1", AIRBRIDGE_ABI_TAG, "a broken plugin for tests", nullptr};
std::unique_ptr<airbridge::Plugin> create(const airbridge::ConfigSection&, airbridge::PluginContext&) {
  throw std::runtime_error("cannot reach the license server");
}
}  // namespace

AIRBRIDGE_EXPORT_PLUGIN(kInfo, create)
