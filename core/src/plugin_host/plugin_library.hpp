#pragma once
// One loaded plugin file, checked before it is trusted. Boost.DLL lives only in this folder.

#include <airbridge/plugin.hpp>

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

namespace boost::dll {
class shared_library;
}

namespace airbridge::core {

/// "<file>: <what is wrong>; <how to fix it>".
class PluginLoadError : public std::runtime_error {
 public:
  PluginLoadError(const std::filesystem::path& file, const std::string& message);
};

class PluginLibrary {
 public:
  /// Loads `file` and checks, in this order, that it exports airbridge_plugin_info, speaks
  /// kPluginApiVersion, has our ABI tag, and is named `expected_id`. Throws PluginLoadError.
  static PluginLibrary open(const std::filesystem::path& file, const std::string& expected_id);

  const PluginInfo& info() const { return *info_; }
  const std::filesystem::path& file() const { return file_; }
  /// The keys the plugin declares (empty when it declares none).
  const ConfigKeyDocs& keys() const;

  /// The object keeps the library alive (aliasing shared_ptr): the library is unloaded only
  /// after the last thing the plugin created is gone.
  std::shared_ptr<Plugin> create(const ConfigSection& section, PluginContext& context) const;

 private:
  PluginLibrary(std::shared_ptr<boost::dll::shared_library> library, std::filesystem::path file,
                const PluginInfo* info);

  std::shared_ptr<boost::dll::shared_library> library_;
  std::filesystem::path file_;
  const PluginInfo* info_;
};

}  // namespace airbridge::core
