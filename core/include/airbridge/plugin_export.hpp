#pragma once
/// Include in exactly one file of a plugin, the one that registers it:
///
///   const PluginInfo kInfo{kPluginApiVersion, "zetta", "1.0.0", AIRBRIDGE_ABI_TAG};
///   AIRBRIDGE_EXPORT_SOURCE(kInfo, createZettaSource)
///
/// The host reads `airbridge_plugin_info` first and refuses the library unless the API version,
/// the ABI tag and the name all match before it calls the factory.

#include <airbridge/plugin.hpp>

#include <boost/dll/alias.hpp>

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

#define AIRBRIDGE_EXPORT_SOURCE(info, factory) \
  AIRBRIDGE_EXPORT_INFO(info)                  \
  BOOST_DLL_ALIAS(factory, airbridge_create_source)

#define AIRBRIDGE_EXPORT_SINK(info, factory) \
  AIRBRIDGE_EXPORT_INFO(info)                \
  BOOST_DLL_ALIAS(factory, airbridge_create_sink)
