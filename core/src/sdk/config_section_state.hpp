#pragma once
// Internal to the SDK and the host: what a ConfigSection is made of. Plugins never see it.

#include <airbridge/config_section.hpp>

#include <yaml-cpp/yaml.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

namespace airbridge {

/// A config or schedule file larger than this is refused before it is parsed: it is not a
/// station's hand-written file, and yaml-cpp holds several times its size while it parses.
inline constexpr std::size_t kLargestConfigFile = 4 * 1024 * 1024;

/// The YAML (or JSON) document in `path`. Throws ConfigError: `unreadable` when the file cannot
/// be read, and FILE: or FILE:LINE:COL: problems when it is too large or not YAML.
AIRBRIDGE_SDK_API YAML::Node loadConfigFile(const std::string& path, std::string_view unreadable);

struct ConfigSection::State {
  YAML::Node node;              ///< a mapping, or undefined/null for an absent section
  std::string file;             ///< as the user named it, for FILE:LINE:COL
  std::string where;            ///< "sources[0] (zetta \"studio\")"
  YAML::Mark mark;              ///< position of the section itself
  std::set<std::string, std::less<>> asked;   ///< every key looked up: the allowed keys
  std::vector<std::string> problems;
  std::vector<std::shared_ptr<State>> children;
  bool finished = false;

  /// A section over `node` (which may be absent) named `where` in `file`.
  static std::shared_ptr<State> make(YAML::Node node, std::string file, std::string where,
                                     YAML::Mark mark);
  /// "FILE:LINE:COL" of a mark; yaml-cpp counts from 0, people from 1.
  std::string positionOf(const YAML::Mark& at) const;
  void addProblem(const YAML::Mark& at, std::string_view message);
  /// Unknown and duplicate keys of this section, as problems.
  void checkKeys();
  /// This section's problems and its children's, children first-finished as needed.
  void collect(std::vector<std::string>& out);
};

}  // namespace airbridge
