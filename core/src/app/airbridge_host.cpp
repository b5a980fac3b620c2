#include "app/airbridge_host.hpp"

#include "app/admin_view.hpp"
#include "app/instance_context.hpp"
#include "app/service_notifier.hpp"
#include "bus/event_bus.hpp"
#include "bus/sink_runner.hpp"
#include "bus/source_arbiter.hpp"
#include "config/host_config.hpp"
#include "http/http_listeners.hpp"
#include "metrics/metric_registry.hpp"
#include "plugin_host/plugin_catalog.hpp"
#include "storage/event_journal.hpp"
#include "sdk/config_section_state.hpp"
#include "version.hpp"

#include <airbridge/plugin_export.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <signal.h>

#include <cstdio>
#include <functional>
#include <future>
#include <map>
#include <iostream>
#include <thread>

namespace airbridge::core {
namespace {

constexpr auto kSinkDrainTime = std::chrono::seconds{2};
// After the drain: how long the sinks' stop() may take (an output finishing a request).
constexpr auto kSinkStopTime = std::chrono::seconds{2};

// Declaration order is destruction order reversed: the runner goes first (it calls the plugin),
// then the plugin object (which may still use its context), then the context.
struct PluginInstance {
  std::string label;
  std::string plugin_id;
  std::string name;
  std::size_t queue_size = 0;
  std::unique_ptr<InstanceContext> context;
  std::shared_ptr<Plugin> plugin;
  std::unique_ptr<SinkRunner> runner;  ///< consumers only: their mailbox and worker
};

/// Instances listed under `sinks:` start before the listeners and those under `sources:` after,
/// so nothing is published before every output is ready for it.
struct Instances {
  std::vector<PluginInstance> sources;
  std::vector<PluginInstance> sinks;
};

/// Builds every instance; each problem (plugin load, config, factory) becomes one line.
Instances buildInstances(const HostConfig& config, PluginCatalog& catalog, EventBus& bus,
                         SourceArbiter& arbiter, HttpListeners& http, MetricRegistry& metrics,
                         const std::atomic<bool>& ready, std::vector<std::string>& problems) {
  Instances out;
  for (const auto& instance : config.instances) {
    const std::string label = instance.section.where();
    auto fail = [&](const std::string& message) {
      problems.push_back(fmt::format("{}: {}: {}", instance.position, label, message));
    };
    if (instance.plugin.empty()) continue;  // already reported: missing plugin:
    const PluginLibrary* library = nullptr;
    try {
      library = &catalog.get(instance.plugin);
    } catch (const PluginLoadError& e) {
      fail(e.what());
      continue;
    }
    // A source publishes through its failover gate; sinks (the schedule, a bridge) straight on.
    Publisher& publisher = instance.role == PluginRole::source ? arbiter.addSource(instance.failover)
                                                               : static_cast<Publisher&>(bus);
    auto context = std::make_unique<InstanceContext>(instance.plugin, instance.name, publisher, bus,
                                                     http, metrics, config.station, ready);
    try {
      auto plugin = library->create(instance.section, *context);
      const bool listedAsSource = instance.role == PluginRole::source;
      if (listedAsSource && plugin->consumer()) {
        fail(fmt::format("plugin '{}' takes events (an output); move it under sinks:",
                         instance.plugin));
      } else {
        auto& list = listedAsSource ? out.sources : out.sinks;
        list.push_back(PluginInstance{label, instance.plugin, instance.name, instance.queue_size,
                                      std::move(context), std::move(plugin), nullptr});
      }
    } catch (const ConfigError& e) {
      problems.insert(problems.end(), e.problems().begin(), e.problems().end());
    } catch (const std::exception& e) {
      fail(fmt::format("{}: the plugin refused this instance: {}", library->file().string(),
                       e.what()));
    }
    // Keys the plugin never read, even if it declared none.
    try {
      instance.section.finish();
    } catch (const ConfigError& e) {
      problems.insert(problems.end(), e.problems().begin(), e.problems().end());
    }
  }
  return out;
}

sigset_t shutdownSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  return set;
}

/// Waits for SIGINT or SIGTERM; each SIGHUP in between calls `reload`.
void waitForShutdownSignal(const Logger& log, const std::function<void()>& reload) {
  const sigset_t set = shutdownSignals();
  while (true) {
    int signal = 0;
    if (sigwait(&set, &signal) != 0) continue;
    if (signal == SIGHUP) {
      reload();
      continue;
    }
    log.info("{} received: shutting down", signal == SIGINT ? "SIGINT" : "SIGTERM");
    return;
  }
}

/// plugins.directory of the config, or the default when there is no readable config.
std::filesystem::path pluginDirectoryOf(const CommandLine& line) {
  try {
    return loadHostConfig(line.config_path).plugin_directory;
  } catch (const ConfigError&) {
    return "build/plugins";
  }
}

int printVersion(const CommandLine& line) {
  std::cout << fmt::format("airbridge {} (plugin API {}, {})\n", kAirbridgeVersion,
                           kPluginApiVersion, AIRBRIDGE_ABI_TAG);
  PluginCatalog catalog(pluginDirectoryOf(line));
  for (const auto& [id, description] : catalog.describeAll()) {
    std::cout << fmt::format("  {:<10} {}\n", id, description);
  }
  return 0;
}

/// --explain PLUGIN: what a station engineer may write in that plugin's section.
int explainPlugin(const CommandLine& line) {
  PluginCatalog catalog(pluginDirectoryOf(line));
  try {
    const PluginLibrary& library = catalog.get(line.explain);
    if (line.markdown) {
      std::cout << keyTableMarkdown(library.keys());
      return 0;
    }
    const PluginInfo& info = library.info();
    std::cout << fmt::format("{} {}: {}\n({})\n\n", info.name, info.version,
                             info.summary ? info.summary : "", library.file().string());
    std::cout << keyTableText(library.keys());
    std::cout << "\nEvery instance also takes plugin:, name: and (outputs) queue_size:.\n";
    return 0;
  } catch (const PluginLoadError& e) {
    std::cerr << e.what() << '\n';
    return 1;
  }
}

/// History, now playing, sequence and dedupe window from the last run, before any sink starts
/// (sinks greet clients and seed their replay windows from the bus). Throws with the reason.
std::unique_ptr<EventJournal> openJournal(const HostConfig& config, EventBus& bus, const Logger& log) {
  auto journal = std::make_unique<EventJournal>(
      config.storage.directory, std::max(config.bus.history_size, config.bus.dedupe_capacity));
  const auto rows = journal->restore();
  bus.restore(rows);
  bus.attachJournal(*journal);
  log.info("event store {}: restored {} event(s), last #{}", journal->file().string(), rows.size(),
           bus.lastSequence());
  return journal;
}

/// Starts sinks, then the listeners that lead to them, then the sources that feed them, and
/// stops in the opposite order; what did not start is not stopped.
class RunningInstances {
 public:
  RunningInstances(Instances& instances, HttpListeners& http, SourceArbiter& arbiter)
      : instances_(instances), http_(http), arbiter_(arbiter) {}

  /// Throws with the failing instance's label in `stage`.
  void start(std::string& stage) {
    for (auto& sink : instances_.sinks) {
      stage = sink.label;
      sink.plugin->start();
      if (sink.runner) sink.runner->start();
      ++sinks_;
    }
    stage = "http";
    http_.start();
    arbiter_.start();
    arbiterStarted_ = true;
    for (auto& source : instances_.sources) {
      stage = source.label;
      source.plugin->start();
      ++sources_;
    }
  }

  /// Sources first (nothing new comes in), then the listeners, then each sink once its mailbox
  /// is delivered or `drain_until` passes. False when a sink was still busy at the deadline, or
  /// still stopping after kSinkStopTime more.
  bool stop(std::chrono::steady_clock::time_point drain_until) {
    for (std::size_t i = sources_; i-- > 0;) instances_.sources[i].plugin->stop();
    if (arbiterStarted_) arbiter_.stop();
    arbiterStarted_ = false;
    http_.stop();
    bool drained = true;
    for (std::size_t i = 0; i < sinks_; ++i) {
      if (auto& runner = instances_.sinks[i].runner) drained = runner->drainUntil(drain_until) && drained;
    }
    const bool stopped = stopSinksBy(drain_until + kSinkStopTime);
    sources_ = sinks_ = 0;
    return drained && stopped;
  }

 private:
  /// Stops the sinks, last first, on a thread of their own: an output whose stop() waits for a
  /// request in flight to a dead peer must not hold the exit up past what SIGTERM promises.
  /// False at the deadline; the caller then leaves without destructors.
  bool stopSinksBy(std::chrono::steady_clock::time_point deadline) {
    auto done = std::make_shared<std::promise<void>>();
    std::future<void> stopped = done->get_future();
    std::thread([this, done, count = sinks_] {
      for (std::size_t i = count; i-- > 0;) instances_.sinks[i].plugin->stop();
      done->set_value();
    }).detach();
    return stopped.wait_until(deadline) == std::future_status::ready;
  }

  Instances& instances_;
  HttpListeners& http_;
  SourceArbiter& arbiter_;
  bool arbiterStarted_ = false;
  std::size_t sinks_ = 0;
  std::size_t sources_ = 0;
};

/// Only a plugin that takes events gets a mailbox and a worker thread.
void attachConsumers(Instances& instances, EventBus& bus, MetricRegistry& metrics) {
  for (auto& sink : instances.sinks) {
    EventConsumer* consumer = sink.plugin->consumer();
    if (!consumer) continue;
    sink.runner = std::make_unique<SinkRunner>(sink.name, *consumer, sink.queue_size,
                                               sink.context->log(), metrics);
    bus.attach(*sink.runner);
  }
}

/// What SIGHUP does today: the file is read and checked whole, as --check-config would (every
/// plugin's keys, on throwaway objects that never start), and compared with the running
/// config. A broken file is reported with FILE:LINE:COL and the running config is kept. What
/// changed is named in one line; applying it in place is not there yet, so it says to restart.
void checkReload(const HostConfig& running, PluginCatalog& catalog, const Logger& log,
                 Counter& refused, Counter& unchanged, Counter& changed) {
  HostConfig next;
  std::vector<std::string> problems;
  try {
    next = loadHostConfig(running.file);
    problems = next.problems;
  } catch (const ConfigError& e) {
    problems = e.problems();
  }
  if (problems.empty()) {
    const Logger scratchLog("reload-check");
    MetricRegistry scratchMetrics;
    EventBus scratchBus(next.bus, scratchMetrics, scratchLog);
    SourceArbiter scratchArbiter(scratchBus, scratchMetrics, scratchLog);
    HttpListeners scratchHttp(scratchLog, next.http, scratchMetrics);
    const std::atomic<bool> notReady{false};
    buildInstances(next, catalog, scratchBus, scratchArbiter, scratchHttp, scratchMetrics, notReady, problems);
  }
  if (!problems.empty()) {
    refused.add();
    for (const auto& problem : problems) log.error("SIGHUP: {}", problem);
    log.warning("SIGHUP: {} has {} problem(s); the running config is kept", running.file, problems.size());
    return;
  }
  std::vector<std::string> differences;
  if (next.host_text != running.host_text) differences.push_back("the host's keys (station, bus, http, storage, admin...)");
  auto key = [](const InstanceConfig& instance) {
    return std::string(instance.role == PluginRole::source ? "source " : "sink ") + instance.plugin + " \"" + instance.name + "\"";
  };
  std::map<std::string, const InstanceConfig*> before;
  for (const auto& instance : running.instances) before[key(instance)] = &instance;
  for (const auto& instance : next.instances) {
    const auto it = before.find(key(instance));
    if (it == before.end()) {
      differences.push_back("added " + key(instance));
      continue;
    }
    if (it->second->text != instance.text) differences.push_back("changed " + key(instance));
    before.erase(it);
  }
  for (const auto& [name, instance] : before) differences.push_back("removed " + name);
  if (differences.empty()) {
    unchanged.add();
    log.info("SIGHUP: {} checked: nothing changed", running.file);
    return;
  }
  changed.add();
  log.warning("SIGHUP: {} checked, no problem; {}: applying changes in place is not supported yet, "
              "restart airbridge to apply them", running.file, fmt::join(differences, ", "));
}

/// The admin view over every instance; a path it cannot claim is a ConfigError.
std::unique_ptr<AdminView> makeAdminView(const HostConfig& config, const Instances& instances, EventBus& bus,
                                         SourceArbiter& arbiter, MetricRegistry& metrics, HttpListeners& http) {
  std::vector<AdminEntry> entries;
  for (const auto* list : {&instances.sources, &instances.sinks}) {
    for (const auto& instance : *list) {
      entries.push_back(AdminEntry{list == &instances.sources, instance.plugin_id, instance.name,
                                   instance.plugin.get(), instance.runner.get()});
    }
  }
  auto admin = std::make_unique<AdminView>(config.admin, std::move(entries), bus, arbiter, metrics, http,
                                           config.station);
  config.admin.section->finish();  // a clash with another instance's path
  return admin;
}

/// Starts every instance, serves until SIGINT or SIGTERM, stops, and gives the exit code.
int serve(Instances& instances, HttpListeners& http, EventBus& bus, SourceArbiter& arbiter,
          std::atomic<bool>& ready, const HostConfig& config, const Logger& log,
          const std::function<void()>& reload) {
  // If any step fails, stop what started and exit non-zero: nothing is left half-running.
  RunningInstances running(instances, http, arbiter);
  std::string stage;
  try {
    running.start(stage);
  } catch (const std::exception& e) {
    log.error("{}: could not start: {}", stage, e.what());
    if (!running.stop(std::chrono::steady_clock::now())) {
      std::fflush(stderr);
      std::_Exit(1);  // a sink still stopping: its objects must not be destroyed under it
    }
    return 1;
  }
  ready.store(true);
  log.info("airbridge {} running: node {}, {} source(s), {} sink(s), config {}", kAirbridgeVersion,
           config.station.node_id, instances.sources.size(), instances.sinks.size(), config.file);
  ServiceNotifier systemd(log);
  systemd.ready(fmt::format("running: {} source(s), {} sink(s)", instances.sources.size(),
                            instances.sinks.size()));
  systemd.startWatchdog([&bus] { bus.lastSequence(); });

  waitForShutdownSignal(log, reload);
  systemd.stopping();
  ready.store(false);
  const bool allDrained = running.stop(std::chrono::steady_clock::now() + kSinkDrainTime);
  if (!allDrained) {
    // A sink stuck inside deliver() or stop() cannot be joined; its objects must not be
    // destroyed under it either. Leave without running destructors, as promised: exit 0 within seconds.
    log.warning("exiting with a sink still busy");
    std::fflush(stderr);
    std::_Exit(0);
  }
  log.info("stopped");
  return 0;
}

}  // namespace

int runAirbridge(const CommandLine& line) {
  if (line.help) {
    std::cout << CommandLine::usage();
    return 0;
  }
  if (line.version) return printVersion(line);
  if (!line.explain.empty()) return explainPlugin(line);

  // Signals go to sigwait() in this thread only; block them before any thread starts.
  const sigset_t signals = shutdownSignals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  const Logger log("airbridge");
  HostConfig config;
  try {
    config = loadHostConfig(line.config_path);
  } catch (const ConfigError& e) {
    for (const auto& problem : e.problems()) std::cerr << problem << '\n';
    return 1;
  }
  Logger::setLevel(config.log_level);

  std::vector<std::string> problems = config.problems;
  MetricRegistry metrics;
  metrics.gauge("airbridge_build_info", "Version of this airbridge (always 1)",
                fmt::format("version=\"{}\",plugin_api=\"{}\"", kAirbridgeVersion, kPluginApiVersion))
      .set(1);
  const Logger busLog("bus");
  EventBus bus(config.bus, metrics, busLog);
  const Logger sourcesLog("sources");
  SourceArbiter arbiter(bus, metrics, sourcesLog);
  const Logger httpLog("http");
  HttpListeners http(httpLog, config.http, metrics);
  PluginCatalog catalog(config.plugin_directory);
  std::atomic<bool> ready{false};
  Instances instances = buildInstances(config, catalog, bus, arbiter, http, metrics, ready, problems);

  if (!problems.empty()) {
    for (const auto& problem : problems) std::cerr << problem << '\n';
    std::cerr << fmt::format("{}: {} problem(s); nothing was started\n", config.file,
                             problems.size());
    return 1;
  }
  if (line.check_config) {
    std::cout << fmt::format("{}: OK ({} source(s), {} sink(s))\n", config.file,
                             instances.sources.size(), instances.sinks.size());
    return 0;
  }

  std::unique_ptr<EventJournal> journal;
  if (config.storage.enabled) {
    try {
      journal = openJournal(config, bus, log);
    } catch (const std::exception& e) {
      log.error("{}", e.what());
      return 1;
    }
  }

  attachConsumers(instances, bus, metrics);
  std::unique_ptr<AdminView> admin;
  if (config.admin.listen) {
    try {
      admin = makeAdminView(config, instances, bus, arbiter, metrics, http);
    } catch (const ConfigError& e) {
      for (const auto& problem : e.problems()) std::cerr << problem << '\n';
      return 1;
    }
  }
  CounterFamily reloads(metrics, "airbridge_config_reloads_total",
                        "SIGHUP: config files checked, by outcome", "", "result");
  Counter& refused = reloads.with("refused");
  Counter& unchanged = reloads.with("unchanged");
  Counter& changed = reloads.with("changed_restart_needed");
  return serve(instances, http, bus, arbiter, ready, config, log, [&] {
    checkReload(config, catalog, log, refused, unchanged, changed);
  });
}

}  // namespace airbridge::core
