#include "app/command_line.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <string_view>

namespace airbridge::core {
namespace {
constexpr const char* kLocalConfig = "config/airbridge.yaml";
constexpr const char* kSystemConfig = "/etc/airbridge/airbridge.yaml";
}  // namespace

const char* CommandLine::usage() {
  return "usage: airbridge [--config PATH] [--check-config] [--explain PLUGIN [--markdown]]\n"
         "                 [--version] [--help]\n"
         "\n"
         "  --config PATH    configuration file (default: config/airbridge.yaml in the working\n"
         "                   directory, else /etc/airbridge/airbridge.yaml)\n"
         "  --check-config   load every plugin and validate the whole file, open no socket,\n"
         "                   print every problem as FILE:LINE:COL and exit 0 (valid) or 1\n"
         "  --explain PLUGIN print what PLUGIN is for and each of its keys: type, default,\n"
         "                   range and meaning (plugins from plugins.directory of the config)\n"
         "  --markdown       with --explain: as the Markdown table of the plugin's README\n"
         "  --version        print the airbridge version and the versions of the plugins found\n"
         "  --help           print this help\n"
         "\n"
         "Signals: SIGINT/SIGTERM stop gracefully (exit 0 within 5 s).\n";
}

std::optional<CommandLine> CommandLine::parse(int argc, char** argv, std::string& error) {
  CommandLine line;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--config") {
      if (i + 1 >= argc) {
        error = "--config needs a file path";
        return std::nullopt;
      }
      line.config_path = argv[++i];
    } else if (arg.starts_with("--config=")) {
      line.config_path = std::string(arg.substr(9));
    } else if (arg == "--check-config") {
      line.check_config = true;
    } else if (arg == "--explain") {
      if (i + 1 >= argc) {
        error = "--explain needs a plugin name, e.g. --explain zetta";
        return std::nullopt;
      }
      line.explain = argv[++i];
    } else if (arg == "--markdown") {
      line.markdown = true;
    } else if (arg == "--version") {
      line.version = true;
    } else if (arg == "--help" || arg == "-h") {
      line.help = true;
    } else {
      error = fmt::format("unknown option '{}'", arg);
      return std::nullopt;
    }
  }
  if (line.config_path.empty()) {
    std::error_code ignored;
    line.config_path = std::filesystem::exists(kLocalConfig, ignored) ? kLocalConfig : kSystemConfig;
  }
  return line;
}

}  // namespace airbridge::core
