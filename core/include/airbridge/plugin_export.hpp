#pragma once
/// Include in exactly one file of a plugin, the one that registers it:
///
///   const PluginInfo kInfo{kPluginApiVersion, "zetta", "1.0.0", AIRBRIDGE_ABI_TAG,
///                          "RCS Zetta now-playing input", zettaKeys};
///   AIRBRIDGE_EXPORT_PLUGIN(kInfo, createZettaPlugin)
///
/// The host reads `airbridge_plugin_info` first and refuses the library unless the API version,
/// the ABI tag and the name all match before it calls the factory.

#include <airbridge/plugin.hpp>

#include <boost/dll/alias.hpp>

#include <memory>
#include <type_traits>

#define AIRBRIDGE_STRINGIFY_DETAIL(x) #x
#define AIRBRIDGE_STRINGIFY(x) AIRBRIDGE_STRINGIFY_DETAIL(x)
/// Compiler, its major version, the C++ library's ABI and the language level: what must agree for
/// std::string and std::shared_ptr to mean the same thing on both sides.
#define AIRBRIDGE_ABI_TAG                                                              \
  "gcc-" AIRBRIDGE_STRINGIFY(__GNUC__) "/cxx11abi-" AIRBRIDGE_STRINGIFY(_GLIBCXX_USE_CXX11_ABI) \
  "/std-" AIRBRIDGE_STRINGIFY(__cplusplus)

#define AIRBRIDGE_EXPORT_INFO(info)                                                      \
  namespace airbridge_export {                                                           \
  inline const ::airbridge::PluginInfo* airbridgePluginInfo() { return &(info); }        \
  }                                                                                      \
  BOOST_DLL_ALIAS(airbridge_export::airbridgePluginInfo, airbridge_plugin_info)

#define AIRBRIDGE_EXPORT_PLUGIN(info, factory) \
  AIRBRIDGE_EXPORT_INFO(info)                  \
  BOOST_DLL_ALIAS(factory, airbridge_create_plugin)

namespace airbridge {

/// The usual factory: the config parsed from the declared keys (every problem thrown at once),
/// then the plugin built from it, with the section when it claims HTTP paths at their position.
template <typename PluginClass, typename ConfigClass>
std::unique_ptr<Plugin> createFromDeclaredKeys(const ConfigSection& section, PluginContext& context) {
  ConfigClass config = ConfigClass::keys().parse(section);
  if constexpr (std::is_constructible_v<PluginClass, ConfigClass, const ConfigSection&, PluginContext&>) {
    return std::make_unique<PluginClass>(std::move(config), section, context);
  } else {
    return std::make_unique<PluginClass>(std::move(config), context);
  }
}

}  // namespace airbridge

/// The whole registration of a plugin whose config struct declares its keys:
///
///   AIRBRIDGE_DECLARE_PLUGIN("zetta", "1.0.0", "RCS Zetta now-playing input", ZettaSource, ZettaConfig)
#define AIRBRIDGE_DECLARE_PLUGIN(id, version, summary, PluginClass, ConfigClass)                  \
  namespace airbridge_export {                                                                  \
  inline const ::airbridge::PluginInfo kDeclaredInfo{::airbridge::kPluginApiVersion, id, version, \
                                                     AIRBRIDGE_ABI_TAG, summary,                 \
                                                     &::airbridge::declaredKeys<ConfigClass>};   \
  inline std::unique_ptr<::airbridge::Plugin> createDeclaredPlugin(                              \
      const ::airbridge::ConfigSection& section, ::airbridge::PluginContext& context) {          \
    return ::airbridge::createFromDeclaredKeys<PluginClass, ConfigClass>(section, context);      \
  }                                                                                             \
  }                                                                                             \
  AIRBRIDGE_EXPORT_PLUGIN(airbridge_export::kDeclaredInfo, airbridge_export::createDeclaredPlugin)
