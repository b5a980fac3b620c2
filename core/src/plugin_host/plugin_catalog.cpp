#include "plugin_host/plugin_catalog.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace airbridge::core {
namespace {
constexpr std::string_view kPrefix = "libairbridge_";
constexpr std::string_view kSuffix = ".so";
}  // namespace

std::filesystem::path PluginCatalog::fileFor(const std::string& id) const {
  return directory_ / fmt::format("{}{}{}", kPrefix, id, kSuffix);
}

const PluginLibrary& PluginCatalog::get(const std::string& id) {
  if (auto it = loaded_.find(id); it != loaded_.end()) return it->second;
  if (auto it = failed_.find(id); it != failed_.end()) throw PluginLoadError(fileFor(id), it->second);
  try {
    return loaded_.emplace(id, PluginLibrary::open(fileFor(id), id)).first->second;
  } catch (const PluginLoadError& e) {
    std::string message = e.what();
    const std::string prefix = fileFor(id).string() + ": ";
    if (message.starts_with(prefix)) message.erase(0, prefix.size());
    failed_.emplace(id, message);
    throw;
  }
}

std::vector<std::pair<std::string, std::string>> PluginCatalog::describeAll() {
  std::vector<std::pair<std::string, std::string>> out;
  std::error_code error;
  std::vector<std::string> ids;
  for (const auto& entry : std::filesystem::directory_iterator(directory_, error)) {
    const std::string file = entry.path().filename().string();
    if (file.starts_with(kPrefix) && file.ends_with(kSuffix)) {
      ids.push_back(file.substr(kPrefix.size(), file.size() - kPrefix.size() - kSuffix.size()));
    }
  }
  std::sort(ids.begin(), ids.end());
  for (const auto& id : ids) {
    try {
      const PluginLibrary& library = get(id);
      out.emplace_back(id, fmt::format("{} ({})", library.info().version, library.file().string()));
    } catch (const PluginLoadError& e) {
      out.emplace_back(id, fmt::format("not loadable: {}", e.what()));
    }
  }
  if (ids.empty()) out.emplace_back("(none)", fmt::format("no plugins in {}", directory_.string()));
  return out;
}

}  // namespace airbridge::core
