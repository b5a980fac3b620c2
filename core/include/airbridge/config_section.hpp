#pragma once
/// The one place plugins read their YAML section from. It records which keys were read (so a key
/// nobody reads is reported as unknown, with a suggestion), collects every problem instead of
/// stopping at the first, and stamps each message "FILE:LINE:COL: where: what; how to fix".

#include <airbridge/duration.hpp>
#include <airbridge/sdk_export.hpp>
#include <airbridge/socket_address.hpp>

#include <fmt/format.h>

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace YAML {
class Node;
}

namespace airbridge {

/// Thrown at config time only; `problems()` holds one finished line per problem.
class AIRBRIDGE_SDK_API ConfigError : public std::runtime_error {
 public:
  explicit ConfigError(std::vector<std::string> problems);
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  std::vector<std::string> problems_;
};


class AIRBRIDGE_SDK_API ConfigSection {
 public:
  struct State;  // opaque: the YAML node, file name, read keys and collected problems
  explicit ConfigSection(std::shared_ptr<State> state);
  ~ConfigSection();
  ConfigSection(const ConfigSection&);
  ConfigSection& operator=(const ConfigSection&);

  /// Supported T: std::string, bool, int, std::int64_t, double, Duration, SocketAddress,
  /// std::vector<std::string>. A wrong type is recorded as a problem and T{} is returned.
  template <typename T>
  T required(std::string_view key) const;
  template <typename T>
  T optional(std::string_view key, T fallback) const;

  bool has(std::string_view key) const;
  /// A nested mapping; an absent key gives an empty section, a non-mapping a problem.
  ConfigSection child(std::string_view key) const;
  /// A sequence of mappings (e.g. `filters:`); absent gives an empty list.
  std::vector<ConfigSection> list(std::string_view key) const;

  /// Records a problem at the key's value (or at the section when the key is absent).
  void fail(std::string_view key, std::string_view message) const;
  /// Records "must be between LOW and HIGH (got V)" at `key` when `value` is outside the range.
  template <typename T>
  void requireBetween(std::string_view key, T value, T low, T high) const {
    if (value < low || value > high) {
      fail(key, fmt::format("must be between {} and {} (got {})", low, high, value));
    }
  }
  /// The same for durations, written as a station engineer would ("between 100ms and 1h").
  void requireBetween(std::string_view key, Duration value, Duration low, Duration high) const;
  /// Records a problem at the section itself.
  void failHere(std::string_view message) const;
  /// Reports keys nobody read ("did you mean"), then throws ConfigError if any problem was
  /// recorded in this section or its children. Call once, after reading every key.
  void finish() const;

  /// "sources[0] (zetta \"studio\")": how messages name this section.
  const std::string& where() const;
  /// "FILE:LINE:COL" of the section or of one key's value.
  std::string position(std::string_view key = {}) const;
  std::size_t problemCount() const;

  /// Marks a key as read without reading it (for keys the host consumes itself).
  void markRead(std::string_view key) const;

  /// When this section's node is itself a list of mappings (a file that is just a list).
  bool isList() const;
  std::vector<ConfigSection> items() const;

  /// The root of a YAML (or JSON) file other than airbridge.yaml, e.g. a schedule file, with the
  /// same FILE:LINE:COL messages. Throws ConfigError when it cannot be read or parsed.
  static ConfigSection fromFile(const std::string& path, const std::string& where);

 private:
  /// One section per mapping in `sequence`, named prefix[i]; other items are problems.
  std::vector<ConfigSection> mappingsIn(const YAML::Node& sequence, const std::string& prefix) const;

  std::shared_ptr<State> state_;
};

}  // namespace airbridge
