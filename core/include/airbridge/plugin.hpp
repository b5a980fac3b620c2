#pragma once
/// The plugin interface. A plugin is a shared library exporting `airbridge_plugin_info` and
/// `airbridge_create_plugin` (see plugin_export.hpp); docs/writing-a-plugin.md walks through one.

#include <airbridge/config_keys.hpp>
#include <airbridge/config_section.hpp>
#include <airbridge/plugin_context.hpp>
#include <airbridge/track_event.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace airbridge {

/// Bump on ANY change to a header under include/airbridge/ that plugins compile against.
/// 4: one Plugin interface with an optional EventConsumer; declared config keys.
/// 5: OnAirJson carries the on-air source (failover); the SDK's pieces for inputs.
/// 6: Plugin::statusJson for the admin view.
/// 7: Plugin::reconfigure (SIGHUP in place); LiveSinkEvents replaces PublishDelay.
inline constexpr std::uint32_t kPluginApiVersion = 7;

/// What `airbridge_plugin_info` returns. C layout: `api_version` is first and never moves, so
/// the host can read it from a plugin of any vintage before trusting anything else.
struct PluginInfo {
  std::uint32_t api_version;  ///< kPluginApiVersion at the plugin's build
  const char* name;           ///< "zetta": equals the `plugin:` value and the file name's id
  const char* version;        ///< the plugin's own version, printed by --version
  const char* abi_tag;        ///< AIRBRIDGE_ABI_TAG: compiler and standard library
  const char* summary;        ///< one line for --explain: what the plugin is for
  /// The plugin's declared keys (ConfigKeys::docs()), for --explain and the README check.
  const ConfigKeyDocs& (*keys)();
};

/// For PluginInfo::keys: `&declaredKeys<ZettaConfig>` when the config struct has a static keys().
template <typename Config>
const ConfigKeyDocs& declaredKeys() {
  return Config::keys().docs();
}

/// The capability of taking admitted events. A plugin that has it returns itself from
/// Plugin::consumer(); the host then gives it, and only it, a bounded mailbox and a worker thread.
class EventConsumer {
 public:
  virtual ~EventConsumer() = default;
  /// Called only from this instance's worker thread, in sequence order, between start() and
  /// stop(). A slow deliver() delays only this instance.
  virtual void deliver(const SharedDispatch& event) = 0;
};

/// Every plugin: an input, an output, or a service such as the schedule. Whatever it publishes
/// goes through PluginContext::publisher(), from start() on.
class Plugin {
 public:
  virtual ~Plugin() = default;
  /// Opens sockets and threads and returns promptly; throws when it cannot (the host then stops
  /// what started and exits non-zero).
  virtual void start() = 0;
  /// Idempotent; joins everything start() began. Called after the last deliver().
  virtual void stop() noexcept = 0;
  /// This plugin as an event consumer, or null when it takes no events.
  virtual EventConsumer* consumer() noexcept { return nullptr; }
  /// What the admin view (/admin/status) shows of this instance when something is off: a JSON
  /// object, e.g. its peers, its last document and when, its clients, its last delivery and the
  /// peer's answer. Called from any thread while running; answers from what it holds.
  virtual std::string statusJson() const { return "{}"; }
  /// SIGHUP changed this instance's section: `changed` names the keys whose value differs
  /// (added or removed ones included). Apply what a running instance can take without dropping
  /// anyone (a sink's delay, kinds, filters, next, templates, limits, a directory) and return
  /// true; return false when a key it cannot take in place changed (a listen address, a path, a
  /// peer): the host then stops this instance and starts a new one. `section` is already known
  /// to be valid (a throwaway instance was built from it). Called from the host's signal thread
  /// while start()ed, concurrently with deliver() and handle(). See in_place_check.hpp.
  virtual bool reconfigure(const ConfigSection& section, const std::vector<std::string>& changed) {
    (void)section;
    (void)changed;
    return false;
  }
};

/// The usual output: a plugin that consumes events.
class ConsumerPlugin : public Plugin, public EventConsumer {
 public:
  EventConsumer* consumer() noexcept final { return this; }
};

/// Factories parse and validate (throwing ConfigError listing every problem) and do no I/O, so
/// `--check-config` can build an instance and drop it.
using PluginFactory = std::unique_ptr<Plugin>(const ConfigSection&, PluginContext&);

}  // namespace airbridge
