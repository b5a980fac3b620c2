#pragma once
/// A plugin's config keys, declared once: name, type, range and one line of help next to the
/// struct member each one fills. The default is the member's initializer in the config struct,
/// so it too is written once. From the one declaration come the parsing (with every problem at
/// FILE:LINE:COL and "did you mean" for unknown keys), `airbridge --explain PLUGIN`, and the key
/// table in the plugin's README, which a test compares with the declaration.
///
///   const ConfigKeys<WebsocketConfig>& WebsocketConfig::keys() {
///     static const auto keys = ConfigKeys<WebsocketConfig>()
///         .key("listen", &WebsocketConfig::listen, "public HTTP address")
///         .key("event_loops", &WebsocketConfig::event_loops, between(1, 64), "epoll threads");
///     return keys;
///   }

#include <airbridge/config_section.hpp>
#include <airbridge/sdk_export.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace airbridge {

/// One key as a station engineer reads it (--explain, README tables).
struct ConfigKeyDoc {
  std::string name;
  std::string type;           ///< "duration", "integer", "address", "one of v1, legacy"...
  std::string default_value;  ///< as it would be written in the YAML, or "none"
  std::string range;          ///< "1..64", "100ms..10m", or empty
  std::string help;           ///< one line
};
using ConfigKeyDocs = std::vector<ConfigKeyDoc>;

/// The keys as a Markdown table (`| key | type | default | range | meaning |`), one row each:
/// what `--explain PLUGIN --markdown` prints and what each plugin README holds.
AIRBRIDGE_SDK_API std::string keyTableMarkdown(const ConfigKeyDocs& keys);
/// The keys as aligned plain text for a terminal.
AIRBRIDGE_SDK_API std::string keyTableText(const ConfigKeyDocs& keys);

/// How a value is written in YAML and named in help; one overload per supported type.
AIRBRIDGE_SDK_API std::string configValueText(const std::string& value);
AIRBRIDGE_SDK_API std::string configValueText(bool value);
AIRBRIDGE_SDK_API std::string configValueText(std::int64_t value);
AIRBRIDGE_SDK_API std::string configValueText(Duration value);
AIRBRIDGE_SDK_API std::string configValueText(const SocketAddress& value);
AIRBRIDGE_SDK_API std::string configValueText(const std::vector<std::string>& value);
inline std::string configValueText(int value) { return configValueText(std::int64_t{value}); }
inline std::string configValueText(std::size_t value) {
  return configValueText(static_cast<std::int64_t>(value));
}
template <typename T>
std::string configValueText(const std::optional<T>& value) {
  return value ? configValueText(*value) : std::string("none");
}

/// An inclusive range for a numeric or duration key.
template <typename T>
struct KeyRange {
  T low;
  T high;
};
template <typename T>
KeyRange<T> between(T low, T high) {
  return {low, high};
}
inline KeyRange<Duration> between(Duration low, Duration high) { return {low, high}; }

namespace config_keys_detail {
template <typename T>
struct IsOptional : std::false_type {};
template <typename T>
struct IsOptional<std::optional<T>> : std::true_type {};

/// How --explain names the type of a member.
template <typename T>
constexpr const char* typeName() {
  if constexpr (IsOptional<T>::value) {
    return typeName<typename T::value_type>();
  } else if constexpr (std::is_same_v<T, std::string>) {
    return "text";
  } else if constexpr (std::is_same_v<T, bool>) {
    return "true or false";
  } else if constexpr (std::is_integral_v<T>) {
    return "integer";
  } else if constexpr (std::is_same_v<T, Duration>) {
    return "duration";
  } else if constexpr (std::is_same_v<T, SocketAddress>) {
    return "address";
  } else {
    static_assert(std::is_same_v<T, std::vector<std::string>>, "no config type for this member");
    return "list of text";
  }
}

/// What ConfigSection reads for a member of type T: sizes are read as 64-bit integers so that a
/// negative or huge value is a range error, not a wrap-around.
template <typename T>
using ReadAs = std::conditional_t<std::is_same_v<T, std::size_t>, std::int64_t, T>;
}  // namespace config_keys_detail

template <typename Config>
class ConfigKeys {
 public:
  using Reader = std::function<void(const ConfigSection&, Config&)>;

  /// A key whose value is stored as is (an optional member stays empty when the key is absent).
  template <typename T>
  ConfigKeys& key(std::string name, T Config::*member, std::string help) {
    static_assert(!std::is_same_v<T, std::size_t>,
                  "a size needs a range: key(name, member, between(..), help)");
    return add(describe<T>(name, member, "", std::move(help)),
               [name, member](const ConfigSection& section, Config& config) {
                 read(section, name, config.*member);
               });
  }

  /// A key without which the instance cannot work: its absence is a problem.
  template <typename T>
  ConfigKeys& required(std::string name, T Config::*member, std::string help) {
    ConfigKeyDoc doc = describe<T>(name, member, "", std::move(help));
    doc.default_value = "required";
    return add(std::move(doc), [name, member](const ConfigSection& section, Config& config) {
      config.*member = section.required<T>(name);
    });
  }

  /// A key that must lie within `range` (both ends allowed).
  template <typename T, typename Bound>
  ConfigKeys& key(std::string name, T Config::*member, KeyRange<Bound> range, std::string help) {
    using Read = config_keys_detail::ReadAs<T>;
    const std::string rangeText = configValueText(range.low) + ".." + configValueText(range.high);
    return add(
        describe<T>(name, member, rangeText, std::move(help)),
        [name, member, range](const ConfigSection& section, Config& config) {
          const Read value = section.optional<Read>(name, static_cast<Read>(config.*member));
          section.requireBetween(name, value, static_cast<Read>(range.low),
                                 static_cast<Read>(range.high));
          if (value >= static_cast<Read>(range.low) && value <= static_cast<Read>(range.high)) {
            config.*member = static_cast<T>(value);
          }
        });
  }

  /// A key naming one of a few words, each standing for a value of `member`.
  template <typename E>
  ConfigKeys& choice(std::string name, E Config::*member,
                     std::vector<std::pair<std::string, E>> words, std::string help) {
    std::string type = "one of";
    std::string fallback;
    const E initial = Config{}.*member;
    for (std::size_t i = 0; i < words.size(); ++i) {
      type += (i == 0 ? " " : ", ") + words[i].first;
      if (words[i].second == initial) fallback = words[i].first;
    }
    return add(ConfigKeyDoc{name, type, fallback, "", std::move(help)},
               [name, member, words, fallback, type](const ConfigSection& section, Config& config) {
                 const auto word = section.optional<std::string>(name, fallback);
                 for (const auto& [candidate, value] : words) {
                   if (candidate == word) {
                     config.*member = value;
                     return;
                   }
                 }
                 section.fail(name, "'" + word + "' is not " + type);
               });
  }

  /// A key with its own syntax, read by `read`; `doc` says how it is written.
  ConfigKeys& custom(ConfigKeyDoc doc, Reader read) { return add(std::move(doc), std::move(read)); }

  /// The keys of an options struct shared by several plugins, read from the same section into
  /// `member` (e.g. every sink's delay, kinds, filters and next).
  template <typename Part>
  ConfigKeys& include(const ConfigKeys<Part>& part, Part Config::*member) {
    for (const auto& doc : part.docs()) docs_.push_back(doc);
    readers_.push_back([&part, member](const ConfigSection& section, Config& config) {
      config.*member = part.read(section);
    });
    return *this;
  }

  /// A rule over several keys, run after every key was read (e.g. rate_limit vs
  /// heartbeat_interval); it records problems with section.fail().
  ConfigKeys& check(Reader rule) {
    checks_.push_back(std::move(rule));
    return *this;
  }

  /// Every declared key and rule applied to Config{}; problems are recorded in the section.
  Config read(const ConfigSection& section) const {
    Config config{};
    for (const auto& reader : readers_) reader(section, config);
    for (const auto& rule : checks_) rule(section, config);
    return config;
  }

  /// read(), then finish(): unknown keys ("did you mean") and every recorded problem are thrown
  /// as one ConfigError, so a factory never builds an instance on a config with problems.
  Config parse(const ConfigSection& section) const {
    Config config = read(section);
    section.finish();
    return config;
  }

  const ConfigKeyDocs& docs() const { return docs_; }

 private:
  ConfigKeys& add(ConfigKeyDoc doc, Reader read) {
    docs_.push_back(std::move(doc));
    readers_.push_back(std::move(read));
    return *this;
  }

  template <typename T>
  static ConfigKeyDoc describe(const std::string& name, T Config::*member, std::string range,
                               std::string help) {
    return ConfigKeyDoc{name, config_keys_detail::typeName<T>(),
                        configValueText(Config{}.*member), std::move(range), std::move(help)};
  }

  template <typename T>
  static void read(const ConfigSection& section, const std::string& name, T& value) {
    using Read = config_keys_detail::ReadAs<T>;
    value = static_cast<T>(section.optional<Read>(name, static_cast<Read>(value)));
  }
  template <typename T>
  static void read(const ConfigSection& section, const std::string& name, std::optional<T>& value) {
    if (section.has(name)) value = section.optional<T>(name, value.value_or(T{}));
  }

  ConfigKeyDocs docs_;
  std::vector<Reader> readers_;
  std::vector<Reader> checks_;
};

}  // namespace airbridge
