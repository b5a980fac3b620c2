#include "config_section_state.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <limits>
#include <numeric>
#include <utility>

namespace airbridge {
namespace {

std::string joinProblems(const std::vector<std::string>& problems) {
  std::string text;
  for (const auto& line : problems) {
    if (!text.empty()) text += '\n';
    text += line;
  }
  return text;
}

std::size_t editDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), 0);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string describeKind(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Map: return "a mapping";
    case YAML::NodeType::Null: return "empty";
    default: return fmt::format("'{}'", node.Scalar());
  }
}

}  // namespace

ConfigError::ConfigError(std::vector<std::string> problems)
    : std::runtime_error(joinProblems(problems)), problems_(std::move(problems)) {}

std::shared_ptr<ConfigSection::State> ConfigSection::State::make(YAML::Node node, std::string file,
                                                                 std::string where,
                                                                 YAML::Mark mark) {
  auto state = std::make_shared<State>();
  state->node = std::move(node);
  state->file = std::move(file);
  state->where = std::move(where);
  state->mark = mark;
  return state;
}

std::string ConfigSection::State::positionOf(const YAML::Mark& at) const {
  if (at.is_null()) return fmt::format("{}:1:1", file);
  return fmt::format("{}:{}:{}", file, at.line + 1, at.column + 1);
}

void ConfigSection::State::addProblem(const YAML::Mark& at, std::string_view message) {
  problems.push_back(where.empty() ? fmt::format("{}: {}", positionOf(at), message)
                                   : fmt::format("{}: {}: {}", positionOf(at), where, message));
}

void ConfigSection::State::checkKeys() {
  if (!node.IsMap()) return;
  std::set<std::string, std::less<>> seen;
  for (const auto& entry : node) {
    const std::string key = entry.first.Scalar();
    if (!seen.insert(key).second) {
      addProblem(entry.first.Mark(),
                 fmt::format("duplicate key '{}'; keep only one of them", key));
      continue;
    }
    if (asked.contains(key)) continue;
    std::string message = fmt::format("unknown key '{}'", key);
    const std::string* best = nullptr;
    std::size_t bestDistance = std::max<std::size_t>(2, key.size() / 3) + 1;
    for (const auto& allowed : asked) {
      const std::size_t distance = editDistance(key, allowed);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = &allowed;
      }
    }
    if (best) message += fmt::format("; did you mean '{}'?", *best);
    std::vector<std::string> allowedList(asked.begin(), asked.end());
    message += fmt::format(" (allowed: {})", fmt::join(allowedList, ", "));
    addProblem(entry.first.Mark(), message);
  }
}

void ConfigSection::State::collect(std::vector<std::string>& out) {
  if (!finished) {
    checkKeys();
    finished = true;
  }
  out.insert(out.end(), problems.begin(), problems.end());
  problems.clear();
  for (auto& child : children) child->collect(out);
}

ConfigSection::ConfigSection(std::shared_ptr<State> state) : state_(std::move(state)) {}
ConfigSection::~ConfigSection() = default;
ConfigSection::ConfigSection(const ConfigSection&) = default;
ConfigSection& ConfigSection::operator=(const ConfigSection&) = default;

namespace {

// One conversion per supported type; each returns false and fills `why` when the node does not
// hold that type, so the caller can say what was expected.
bool convert(const YAML::Node& node, std::string& out, std::string& why) {
  if (!node.IsScalar()) {
    why = "expected text";
    return false;
  }
  out = node.Scalar();
  return true;
}

bool convert(const YAML::Node& node, bool& out, std::string& why) {
  if (node.IsScalar()) {
    const std::string& s = node.Scalar();
    if (s == "true" || s == "yes" || s == "on") return out = true, true;
    if (s == "false" || s == "no" || s == "off") return out = false, true;
  }
  why = "expected true or false";
  return false;
}

bool convert(const YAML::Node& node, std::int64_t& out, std::string& why) {
  why = "expected a whole number";
  if (!node.IsScalar()) return false;
  const std::string& s = node.Scalar();
  std::size_t used = 0;
  try {
    out = std::stoll(s, &used, 10);
  } catch (const std::exception&) {
    return false;
  }
  return used == s.size();
}

bool convert(const YAML::Node& node, int& out, std::string& why) {
  std::int64_t wide = 0;
  if (!convert(node, wide, why)) return false;
  if (wide < std::numeric_limits<int>::min() || wide > std::numeric_limits<int>::max()) {
    why = "number out of range";
    return false;
  }
  out = static_cast<int>(wide);
  return true;
}

bool convert(const YAML::Node& node, double& out, std::string& why) {
  why = "expected a number";
  if (!node.IsScalar()) return false;
  const std::string& s = node.Scalar();
  std::size_t used = 0;
  try {
    out = std::stod(s, &used);
  } catch (const std::exception&) {
    return false;
  }
  return used == s.size();
}

bool convert(const YAML::Node& node, Duration& out, std::string& why) {
  if (node.IsScalar() && parseDuration(node.Scalar(), out)) {
    if (out <= kLongestConfigDuration) return true;
    why = fmt::format("is longer than any setting allows ({}); use 500ms, 30s, 10m or 2h",
                      formatDuration(kLongestConfigDuration));
    return false;
  }
  why = "is not a duration; use 500ms, 30s, 10m or 2h";
  return false;
}

bool convert(const YAML::Node& node, SocketAddress& out, std::string& why) {
  if (!node.IsScalar()) {
    why = "expected an address like 0.0.0.0:1234";
    return false;
  }
  std::string reason;
  auto parsed = SocketAddress::tryParse(node.Scalar(), reason);
  if (!parsed) {
    why = fmt::format("is not an address ({}); write host:port, e.g. 0.0.0.0:1234 or [::1]:8080",
                      reason);
    return false;
  }
  out = *parsed;
  return true;
}

bool convert(const YAML::Node& node, std::vector<std::string>& out, std::string& why) {
  why = "expected a list of text, e.g. [a, b]";
  if (!node.IsSequence()) return false;
  out.clear();
  for (const auto& item : node) {
    if (!item.IsScalar()) return false;
    out.push_back(item.Scalar());
  }
  return true;
}

}  // namespace

template <typename T>
T ConfigSection::required(std::string_view key) const {
  state_->asked.emplace(key);
  const YAML::Node& node = state_->node;
  if (!node.IsMap() || !node[std::string(key)]) {
    state_->addProblem(state_->mark, fmt::format("missing required key '{}'", key));
    return T{};
  }
  return optional<T>(key, T{});
}

template <typename T>
T ConfigSection::optional(std::string_view key, T fallback) const {
  state_->asked.emplace(key);
  if (!state_->node.IsMap()) return fallback;
  const YAML::Node value = std::as_const(state_->node)[std::string(key)];
  if (!value) return fallback;
  T out{};
  std::string why;
  if (!convert(value, out, why)) {
    if (why.starts_with("is ")) {
      state_->addProblem(value.Mark(), fmt::format("{}: {} {}", key, describeKind(value), why));
    } else {
      state_->addProblem(value.Mark(),
                         fmt::format("{}: {} but got {}", key, why, describeKind(value)));
    }
    return fallback;
  }
  return out;
}

#define AIRBRIDGE_CONFIG_TYPE(T)                                              \
  template AIRBRIDGE_SDK_API T ConfigSection::required<T>(std::string_view) const; \
  template AIRBRIDGE_SDK_API T ConfigSection::optional<T>(std::string_view, T) const;
AIRBRIDGE_CONFIG_TYPE(std::string)
AIRBRIDGE_CONFIG_TYPE(bool)
AIRBRIDGE_CONFIG_TYPE(int)
AIRBRIDGE_CONFIG_TYPE(std::int64_t)
AIRBRIDGE_CONFIG_TYPE(double)
AIRBRIDGE_CONFIG_TYPE(Duration)
AIRBRIDGE_CONFIG_TYPE(SocketAddress)
AIRBRIDGE_CONFIG_TYPE(std::vector<std::string>)
#undef AIRBRIDGE_CONFIG_TYPE

bool ConfigSection::has(std::string_view key) const {
  state_->asked.emplace(key);
  return state_->node.IsMap() && std::as_const(state_->node)[std::string(key)];
}

ConfigSection ConfigSection::child(std::string_view key) const {
  state_->asked.emplace(key);
  YAML::Node value;
  YAML::Mark mark = state_->mark;
  if (state_->node.IsMap()) {
    if (auto found = std::as_const(state_->node)[std::string(key)]) {
      mark = found.Mark();
      if (found.IsMap()) {
        value = found;
      } else if (!found.IsNull()) {
        state_->addProblem(mark, fmt::format("{}: expected a mapping (key: value lines) but got {}",
                                             key, describeKind(found)));
      }
    }
  }
  const std::string where = state_->where.empty() ? std::string(key)
                                                  : fmt::format("{}.{}", state_->where, key);
  auto childState = State::make(value, state_->file, where, mark);
  state_->children.push_back(childState);
  return ConfigSection(childState);
}

std::vector<ConfigSection> ConfigSection::list(std::string_view key) const {
  state_->asked.emplace(key);
  if (!state_->node.IsMap()) return {};
  const YAML::Node value = std::as_const(state_->node)[std::string(key)];
  if (!value || value.IsNull()) return {};
  if (!value.IsSequence()) {
    state_->addProblem(value.Mark(),
                       fmt::format("{}: expected a list (lines starting with '- ') but got {}", key,
                                   describeKind(value)));
    return {};
  }
  const std::string prefix = state_->where.empty() ? std::string(key)
                                                   : fmt::format("{}.{}", state_->where, key);
  return mappingsIn(value, prefix);
}

std::vector<ConfigSection> ConfigSection::mappingsIn(const YAML::Node& sequence,
                                                     const std::string& prefix) const {
  std::vector<ConfigSection> out;
  std::size_t index = 0;
  for (const auto& item : sequence) {
    const std::string where = fmt::format("{}[{}]", prefix, index++);
    if (!item.IsMap()) {
      state_->addProblem(item.Mark(), fmt::format("{}: expected a mapping (key: value lines) but "
                                                  "got {}", where, describeKind(item)));
      continue;
    }
    auto childState = State::make(item, state_->file, where, item.Mark());
    state_->children.push_back(childState);
    out.emplace_back(childState);
  }
  return out;
}

void ConfigSection::fail(std::string_view key, std::string_view message) const {
  YAML::Mark at = state_->mark;
  if (state_->node.IsMap()) {
    if (auto found = std::as_const(state_->node)[std::string(key)]) at = found.Mark();
  }
  state_->addProblem(at, fmt::format("{}: {}", key, message));
}

void ConfigSection::requireBetween(std::string_view key, Duration value, Duration low,
                                   Duration high) const {
  if (value < low || value > high) {
    fail(key, fmt::format("must be between {} and {} (got {})", formatDuration(low),
                          formatDuration(high), formatDuration(value)));
  }
}

void ConfigSection::failHere(std::string_view message) const {
  state_->addProblem(state_->mark, message);
}

void ConfigSection::finish() const {
  std::vector<std::string> problems;
  state_->collect(problems);
  if (!problems.empty()) throw ConfigError(std::move(problems));
}

const std::string& ConfigSection::where() const { return state_->where; }

std::string ConfigSection::position(std::string_view key) const {
  if (!key.empty() && state_->node.IsMap()) {
    if (auto found = std::as_const(state_->node)[std::string(key)]) return state_->positionOf(found.Mark());
  }
  return state_->positionOf(state_->mark);
}

std::size_t ConfigSection::problemCount() const { return state_->problems.size(); }

void ConfigSection::markRead(std::string_view key) const { state_->asked.emplace(key); }

bool ConfigSection::isList() const { return state_->node.IsSequence(); }

std::vector<ConfigSection> ConfigSection::items() const {
  if (!state_->node.IsSequence()) return {};
  return mappingsIn(state_->node, state_->where);
}

YAML::Node loadConfigFile(const std::string& path, std::string_view unreadable) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError({fmt::format("{}: {}", path, unreadable)});
  std::string text;
  char chunk[64 * 1024];
  while (text.size() <= kLargestConfigFile && in.read(chunk, sizeof chunk).gcount() > 0) {
    text.append(chunk, static_cast<std::size_t>(in.gcount()));
  }
  if (text.size() > kLargestConfigFile) {
    throw ConfigError({fmt::format("{}: is over {} MiB; a config or schedule file is never that "
                                   "large: is this the right file?", path, kLargestConfigFile >> 20)});
  }
  try {
    return YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    throw ConfigError({fmt::format("{}:{}:{}: not valid YAML or JSON: {}", path, e.mark.line + 1,
                                   e.mark.column + 1, e.msg)});
  }
}

ConfigSection ConfigSection::fromFile(const std::string& path, const std::string& where) {
  YAML::Node root = loadConfigFile(path, "cannot be read");
  return ConfigSection(State::make(root, path, where, root.Mark()));
}

}  // namespace airbridge
