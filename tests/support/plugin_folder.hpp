#pragma once
// A plugin directory holding the real plugins and the test probe side by side (symlinks to what
// the build produced), so one config can load both.

#include "airbridge_process.hpp"

namespace airbridge::testing {

class PluginFolder {
 public:
  PluginFolder() {
    for (const auto& entry : std::filesystem::directory_iterator(BuildPaths::plugins())) {
      std::filesystem::create_symlink(entry.path(), dir_.path() / entry.path().filename());
    }
    std::filesystem::create_symlink(BuildPaths::testPlugins() / "libairbridge_probe.so",
                                    dir_.path() / "libairbridge_probe.so");
  }
  const std::filesystem::path& path() const { return dir_.path(); }

 private:
  TempDir dir_;
};

}  // namespace airbridge::testing
