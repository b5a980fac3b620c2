#pragma once
// The plugin instances of one config: how each is built on the host's live objects, and how one
// is started or stopped while the others run (SIGHUP). The order of a whole start and stop is
// RunningInstances' (airbridge_host.cpp).

#include "app/admin_view.hpp"
#include "app/instance_context.hpp"
#include "bus/event_bus.hpp"
#include "bus/sink_runner.hpp"
#include "bus/source_arbiter.hpp"
#include "config/host_config.hpp"
#include "http/http_listeners.hpp"
#include "metrics/metric_registry.hpp"
#include "plugin_host/plugin_catalog.hpp"

#include <airbridge/plugin.hpp>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace airbridge::core {

/// How long a sink may take to deliver what its mailbox holds when it is stopped.
inline constexpr auto kSinkDrainTime = std::chrono::seconds{2};

// Declaration order is destruction order reversed: the runner goes first (it calls the plugin),
// then the plugin object (which may still use its context), then the context.
struct PluginInstance {
  std::string label;       ///< "sinks[2] (http \"public\")", for messages
  std::string plugin_id;
  std::string name;
  std::size_t queue_size = 0;
  std::unique_ptr<InstanceContext> context;
  std::shared_ptr<Plugin> plugin;
  std::unique_ptr<SinkRunner> runner;  ///< consumers only: their mailbox and worker
  bool started = false;

  /// instanceTitle() of this one.
  std::string title(bool source) const;
};

/// "sink websocket \"public\"": what the reload log calls an instance, and how SIGHUP matches
/// the running one with the file's.
std::string instanceTitle(bool source, const std::string& plugin, const std::string& name);

/// Instances listed under `sinks:` start before the listeners and those under `sources:` after,
/// so nothing is published before every output is ready for it.
struct Instances {
  std::vector<PluginInstance> sources;
  std::vector<PluginInstance> sinks;

  std::vector<AdminEntry> adminEntries() const;
};

/// The host's live objects that instances are built on.
struct InstanceHost {
  PluginCatalog& catalog;
  EventBus& bus;
  SourceArbiter& arbiter;
  HttpListeners& http;
  MetricRegistry& metrics;
  const StationInfo& station;
  const std::atomic<bool>& ready;
};

/// One instance, or nothing with each problem (plugin load, config, factory) as one line.
std::optional<PluginInstance> buildInstance(const InstanceConfig& instance, InstanceHost& host,
                                            std::vector<std::string>& problems);
/// Every instance of `config`; see buildInstance.
Instances buildInstances(const HostConfig& config, InstanceHost& host, std::vector<std::string>& problems);
/// Only a plugin that takes events gets a mailbox and a worker thread; call before start.
void attachConsumer(PluginInstance& instance, EventBus& bus, MetricRegistry& metrics);

/// SIGHUP: starts a built instance while the others run: a sink, its worker, then its place on
/// the bus; any listen address it claimed is opened. Throws with the reason, having stopped
/// what it started and released its paths.
void startWhileRunning(PluginInstance& instance, bool source, InstanceHost& host);
/// SIGHUP: stops a running instance while the others run. Its paths are released first (no new
/// request reaches it); a source stops; a sink leaves the bus, delivers what its mailbox holds
/// (up to kSinkDrainTime) and stops. False when a sink was still busy: the caller must then
/// never destroy it.
bool stopWhileRunning(PluginInstance& instance, InstanceHost& host);
/// For a sink stopWhileRunning() could not stop: its worker may still be inside it, so it is
/// never destroyed (a leak, logged, rather than a crash).
void abandon(PluginInstance&& instance);

}  // namespace airbridge::core
