// Registers the zetta source with the host: the only file here that knows about Boost.DLL.

#include "zetta_config.hpp"
#include "zetta_source.hpp"

#include <airbridge/plugin_export.hpp>

namespace airbridge::zetta {
namespace {

const PluginInfo kInfo{kPluginApiVersion, "zetta", "1.0.0", AIRBRIDGE_ABI_TAG};

std::unique_ptr<Source> createZettaSource(const ConfigSection& section, PluginContext& context) {
  return std::make_unique<ZettaSource>(ZettaConfig::parse(section), section, context);
}

}  // namespace
}  // namespace airbridge::zetta

AIRBRIDGE_EXPORT_SOURCE(airbridge::zetta::kInfo, airbridge::zetta::createZettaSource)
