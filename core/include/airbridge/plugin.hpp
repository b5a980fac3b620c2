#pragma once
/// The plugin interface. A plugin is a shared library exporting `airbridge_plugin_info` and one
/// of `airbridge_create_source` / `airbridge_create_sink` (see plugin_export.hpp).

#include <airbridge/config_section.hpp>
#include <airbridge/plugin_context.hpp>
#include <airbridge/track_event.hpp>

#include <cstdint>
#include <memory>

namespace airbridge {

/// Bump on ANY change to a header under include/airbridge/ that plugins compile against.
inline constexpr std::uint32_t kPluginApiVersion = 3;

/// What `airbridge_plugin_info` returns. C layout: `api_version` is first and never moves, so
/// the host can read it from a plugin of any vintage before trusting anything else.
struct PluginInfo {
  std::uint32_t api_version;  ///< kPluginApiVersion at the plugin's build
  const char* name;           ///< "zetta": equals the `plugin:` value and the file name's id
  const char* version;        ///< the plugin's own version, printed by --version
  const char* abi_tag;        ///< AIRBRIDGE_ABI_TAG: compiler and standard library
};

/// Produces events (a playout system link). Factories validate and do no I/O; start() does I/O.
class Source {
 public:
  virtual ~Source() = default;
  /// Opens sockets and threads and returns promptly; publishes through `out`.
  virtual void start(Publisher& out) = 0;
  /// Idempotent; joins everything start() began.
  virtual void stop() noexcept = 0;
};

/// Consumes admitted events, each on the sink's own worker thread at its own pace.
class Sink {
 public:
  virtual ~Sink() = default;
  virtual void start() = 0;
  /// Called only from this sink's worker thread, in sequence order.
  virtual void deliver(const SharedDispatch& event) = 0;
  /// Idempotent; closes clients and joins threads. Called after the last deliver().
  virtual void stop() noexcept = 0;
};

/// Factories parse and validate (throwing ConfigError listing every problem) and do no I/O, so
/// `--check-config` can build an instance and drop it.
using SourceFactory = std::unique_ptr<Source>(const ConfigSection&, PluginContext&);
using SinkFactory = std::unique_ptr<Sink>(const ConfigSection&, PluginContext&);

}  // namespace airbridge
