#pragma once
// Finds plugin files by id in the plugin directory and loads each at most once.

#include "plugin_host/plugin_library.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace airbridge::core {

class PluginCatalog {
 public:
  explicit PluginCatalog(std::filesystem::path directory) : directory_(std::move(directory)) {}

  /// libairbridge_<id>.so in the directory, loaded and checked; throws PluginLoadError, and
  /// throws the same error again for the same id without retrying.
  const PluginLibrary& get(const std::string& id);
  std::filesystem::path fileFor(const std::string& id) const;
  /// SIGHUP: ids that failed to load are tried again (the engineer may have dropped the library
  /// in since); loaded ones stay loaded.
  void forgetFailures() { failed_.clear(); }
  /// Every libairbridge_*.so in the directory: id -> "version (file)" or the load error.
  std::vector<std::pair<std::string, std::string>> describeAll();

 private:
  std::filesystem::path directory_;
  std::map<std::string, PluginLibrary> loaded_;
  std::map<std::string, std::string> failed_;
};

}  // namespace airbridge::core
