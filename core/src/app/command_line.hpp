#pragma once
// airbridge [--config PATH] [--check-config] [--explain PLUGIN [--markdown]] [--version] [--help]

#include <optional>
#include <string>

namespace airbridge::core {

struct CommandLine {
  std::string config_path;  ///< as given, or the default found on disk
  bool check_config = false;
  std::string explain;  ///< plugin id whose keys to print, or empty
  bool markdown = false;
  bool version = false;
  bool help = false;

  /// nullopt with `error` set on an unknown option or a missing value.
  static std::optional<CommandLine> parse(int argc, char** argv, std::string& error);
  static const char* usage();
};

}  // namespace airbridge::core
