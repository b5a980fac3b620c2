#include "plugin_host/plugin_library.hpp"

#include <airbridge/plugin_export.hpp>  // AIRBRIDGE_ABI_TAG as the host was built

#include <boost/dll/shared_library.hpp>
#include <fmt/format.h>

#include "version.hpp"

namespace airbridge::core {
namespace {

constexpr const char* kInfoSymbol = "airbridge_plugin_info";
constexpr const char* kFactorySymbol = "airbridge_create_plugin";

// A factory's object must not outlive its library: the returned shared_ptr owns both.
std::shared_ptr<Plugin> keepLibraryAlive(std::shared_ptr<boost::dll::shared_library> library,
                                         std::unique_ptr<Plugin> object) {
  struct Holder {
    std::shared_ptr<boost::dll::shared_library> library;  // declared first, destroyed last
    std::unique_ptr<Plugin> object;
  };
  auto holder = std::make_shared<Holder>(Holder{std::move(library), std::move(object)});
  Plugin* raw = holder->object.get();
  return std::shared_ptr<Plugin>(std::move(holder), raw);
}

const ConfigKeyDocs kNoKeys;

}  // namespace

PluginLoadError::PluginLoadError(const std::filesystem::path& file, const std::string& message)
    : std::runtime_error(fmt::format("{}: {}", file.string(), message)) {}

PluginLibrary::PluginLibrary(std::shared_ptr<boost::dll::shared_library> library,
                             std::filesystem::path file, const PluginInfo* info)
    : library_(std::move(library)), file_(std::move(file)), info_(info) {}

PluginLibrary PluginLibrary::open(const std::filesystem::path& file,
                                  const std::string& expected_id) {
  std::error_code exists;
  if (!std::filesystem::exists(file, exists)) {
    throw PluginLoadError(file, fmt::format(
        "no such plugin file; check plugins.directory in the config and that the '{}' plugin is "
        "built (cmake --build build) or installed there", expected_id));
  }
  auto library = std::make_shared<boost::dll::shared_library>();
  try {
    // RTLD_LOCAL (the default): plugins export the same alias names and must not see each other.
    library->load(boost::dll::fs::path(file.string()));
  } catch (const std::exception& e) {
    throw PluginLoadError(file, fmt::format("cannot be loaded ({}); rebuild the plugin or remove "
                                            "it from the config", e.what()));
  }
  if (!library->has(kInfoSymbol)) {
    throw PluginLoadError(file, "is not an airbridge plugin (it exports no airbridge_plugin_info); "
                                "point plugins.directory at the airbridge plugins");
  }
  const PluginInfo* info = library->get_alias<const PluginInfo*()>(kInfoSymbol)();
  if (info == nullptr) {
    throw PluginLoadError(file, "airbridge_plugin_info returned nothing; rebuild the plugin");
  }
  if (info->api_version != kPluginApiVersion) {  // read nothing else until this passes
    throw PluginLoadError(file, fmt::format(
        "was built for plugin API {}, this airbridge ({}) speaks {}; rebuild the plugin against "
        "the installed headers (find_package(airbridge)) or remove it",
        info->api_version, kAirbridgeVersion, kPluginApiVersion));
  }
  if (info->abi_tag == nullptr || std::string_view(info->abi_tag) != AIRBRIDGE_ABI_TAG) {
    throw PluginLoadError(file, fmt::format(
        "was built with {}, airbridge with {}; rebuild it with the same compiler and standard "
        "library", info->abi_tag ? info->abi_tag : "(no ABI tag)", AIRBRIDGE_ABI_TAG));
  }
  if (info->name == nullptr || expected_id != info->name) {
    throw PluginLoadError(file, fmt::format(
        "calls itself '{}' but was loaded as plugin '{}'; the file must be named "
        "libairbridge_<name>.so after the plugin it holds", info->name ? info->name : "",
        expected_id));
  }
  if (!library->has(kFactorySymbol)) {
    throw PluginLoadError(file, "exports no airbridge_create_plugin; register the plugin with "
                                "AIRBRIDGE_EXPORT_PLUGIN(info, factory)");
  }
  return PluginLibrary(std::move(library), file, info);
}

const ConfigKeyDocs& PluginLibrary::keys() const { return info_->keys ? info_->keys() : kNoKeys; }

std::shared_ptr<Plugin> PluginLibrary::create(const ConfigSection& section,
                                              PluginContext& context) const {
  auto& factory = library_->get_alias<PluginFactory>(kFactorySymbol);
  std::unique_ptr<Plugin> plugin = factory(section, context);
  if (!plugin) throw PluginLoadError(file_, "its factory returned nothing; fix the plugin");
  return keepLibraryAlive(library_, std::move(plugin));
}

}  // namespace airbridge::core
