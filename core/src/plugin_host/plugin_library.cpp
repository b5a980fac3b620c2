#include "plugin_host/plugin_library.hpp"

#include <airbridge/plugin_export.hpp>  // AIRBRIDGE_ABI_TAG as the host was built

#include <boost/dll/shared_library.hpp>
#include <fmt/format.h>

#include "version.hpp"

namespace airbridge::core {
namespace {

constexpr const char* kInfoSymbol = "airbridge_plugin_info";
constexpr const char* kSourceSymbol = "airbridge_create_source";
constexpr const char* kSinkSymbol = "airbridge_create_sink";

// A factory's object must not outlive its library: the returned shared_ptr owns both.
template <typename Interface>
std::shared_ptr<Interface> keepLibraryAlive(std::shared_ptr<boost::dll::shared_library> library,
                                            std::unique_ptr<Interface> object) {
  struct Holder {
    std::shared_ptr<boost::dll::shared_library> library;  // declared first, destroyed last
    std::unique_ptr<Interface> object;
  };
  auto holder = std::make_shared<Holder>(Holder{std::move(library), std::move(object)});
  Interface* raw = holder->object.get();
  return std::shared_ptr<Interface>(std::move(holder), raw);
}

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
  if (!library->has(kSourceSymbol) && !library->has(kSinkSymbol)) {
    throw PluginLoadError(file, "exports neither airbridge_create_source nor "
                                "airbridge_create_sink; use AIRBRIDGE_EXPORT_SOURCE or _SINK");
  }
  return PluginLibrary(std::move(library), file, info);
}

bool PluginLibrary::providesSource() const { return library_->has(kSourceSymbol); }
bool PluginLibrary::providesSink() const { return library_->has(kSinkSymbol); }

std::shared_ptr<Source> PluginLibrary::createSource(const ConfigSection& section,
                                                    PluginContext& context) const {
  auto& factory = library_->get_alias<SourceFactory>(kSourceSymbol);
  std::unique_ptr<Source> source = factory(section, context);
  if (!source) throw PluginLoadError(file_, "its factory returned no source; fix the plugin");
  return keepLibraryAlive(library_, std::move(source));
}

std::shared_ptr<Sink> PluginLibrary::createSink(const ConfigSection& section,
                                                PluginContext& context) const {
  auto& factory = library_->get_alias<SinkFactory>(kSinkSymbol);
  std::unique_ptr<Sink> sink = factory(section, context);
  if (!sink) throw PluginLoadError(file_, "its factory returned no sink; fix the plugin");
  return keepLibraryAlive(library_, std::move(sink));
}

}  // namespace airbridge::core
