#include "app/airbridge_host.hpp"

#include "app/admin_view.hpp"
#include "app/config_reload.hpp"
#include "app/plugin_instances.hpp"
#include "app/service_notifier.hpp"
#include "storage/event_journal.hpp"
#include "sdk/config_section_state.hpp"
#include "version.hpp"

#include <airbridge/plugin_export.hpp>

#include <fmt/format.h>
#include <signal.h>

#include <cstdio>
#include <functional>
#include <future>
#include <iostream>
#include <thread>

namespace airbridge::core {
namespace {

// After the drain: how long the sinks' stop() may take (an output finishing a request).
constexpr auto kSinkStopTime = std::chrono::seconds{2};

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
/// stops in the opposite order; what did not start (or SIGHUP stopped) is not stopped.
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
      sink.started = true;
    }
    stage = "http";
    http_.start();
    arbiter_.start();
    arbiterStarted_ = true;
    for (auto& source : instances_.sources) {
      stage = source.label;
      source.plugin->start();
      source.started = true;
    }
  }

  /// Sources first (nothing new comes in), then the listeners, then each sink once its mailbox
  /// is delivered or `drain_until` passes. False when a sink was still busy at the deadline, or
  /// still stopping after kSinkStopTime more.
  bool stop(std::chrono::steady_clock::time_point drain_until) {
    for (auto it = instances_.sources.rbegin(); it != instances_.sources.rend(); ++it) {
      if (it->started) it->plugin->stop();
      it->started = false;
    }
    if (arbiterStarted_) arbiter_.stop();
    arbiterStarted_ = false;
    http_.stop();
    bool drained = true;
    for (auto& sink : instances_.sinks) {
      if (sink.started && sink.runner) drained = sink.runner->drainUntil(drain_until) && drained;
    }
    return stopSinksBy(drain_until + kSinkStopTime) && drained;
  }

 private:
  /// Stops the sinks, last first, on a thread of their own: an output whose stop() waits for a
  /// request in flight to a dead peer must not hold the exit up past what SIGTERM promises.
  /// False at the deadline; the caller then leaves without destructors.
  bool stopSinksBy(std::chrono::steady_clock::time_point deadline) {
    auto done = std::make_shared<std::promise<void>>();
    std::future<void> stopped = done->get_future();
    std::thread([this, done] {
      for (auto it = instances_.sinks.rbegin(); it != instances_.sinks.rend(); ++it) {
        if (it->started) it->plugin->stop();
        it->started = false;
      }
      done->set_value();
    }).detach();
    return stopped.wait_until(deadline) == std::future_status::ready;
  }

  Instances& instances_;
  HttpListeners& http_;
  SourceArbiter& arbiter_;
  bool arbiterStarted_ = false;
};

/// The admin view over every instance; a path it cannot claim is a ConfigError.
std::unique_ptr<AdminView> makeAdminView(const HostConfig& config, const Instances& instances, EventBus& bus,
                                         SourceArbiter& arbiter, MetricRegistry& metrics, HttpListeners& http) {
  auto admin = std::make_unique<AdminView>(config.admin, instances.adminEntries(), bus, arbiter, metrics, http,
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

  waitForShutdownSignal(log, [&] {
    systemd.reloading();
    reload();
    systemd.ready(fmt::format("running: {} source(s), {} sink(s)", instances.sources.size(), instances.sinks.size()));
  });
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
  InstanceHost host{catalog, bus, arbiter, http, metrics, config.station, ready};
  Instances instances = buildInstances(config, host, problems);

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

  for (auto& sink : instances.sinks) attachConsumer(sink, bus, metrics);
  std::unique_ptr<AdminView> admin;
  if (config.admin.listen) {
    try {
      admin = makeAdminView(config, instances, bus, arbiter, metrics, http);
    } catch (const ConfigError& e) {
      for (const auto& problem : e.problems()) std::cerr << problem << '\n';
      return 1;
    }
  }
  ConfigReload reload(config, instances, host, log, metrics);
  reload.follow(admin.get());
  return serve(instances, http, bus, arbiter, ready, config, log, [&] { reload.run(); });
}

}  // namespace airbridge::core
