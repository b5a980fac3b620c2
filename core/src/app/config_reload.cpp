#include "app/config_reload.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>

namespace airbridge::core {
namespace {

std::string keyOf(const InstanceConfig& instance) {
  return instanceTitle(instance.role == PluginRole::source, instance.plugin, instance.name);
}

/// What SIGHUP does with one instance of the new file.
enum class Step { keep, in_place, restart, start };

/// The keys whose value differs, or that only one side has.
std::vector<std::string> changedKeys(const std::map<std::string, std::string>& was,
                                     const std::map<std::string, std::string>& now) {
  std::vector<std::string> changed;
  for (const auto& [key, value] : now) {
    const auto old = was.find(key);
    if (old == was.end() || old->second != value) changed.push_back(key);
  }
  for (const auto& [key, value] : was) {
    if (!now.contains(key)) changed.push_back(key);
  }
  return changed;
}

/// "none" or the names, for the one line of the outcome.
std::string namesOr(const std::vector<std::string>& names, const char* none) {
  return names.empty() ? std::string(none) : fmt::format("{}", fmt::join(names, ", "));
}

Counter& reloadsWith(MetricRegistry& metrics, const char* result) {
  return CounterFamily(metrics, "airbridge_config_reloads_total", "SIGHUP: config files read, by outcome", "", "result")
      .with(result);
}

}  // namespace

ConfigReload::ConfigReload(HostConfig& running, Instances& instances, InstanceHost host, const Logger& log,
                           MetricRegistry& metrics)
    : running_(running),
      instances_(instances),
      host_(host),
      log_(log),
      applied_(reloadsWith(metrics, "applied")),
      unchanged_(reloadsWith(metrics, "unchanged")),
      refused_(reloadsWith(metrics, "refused")),
      restartNeeded_(reloadsWith(metrics, "restart_needed")) {}

std::vector<std::string> ConfigReload::check(HostConfig& next) {
  host_.catalog.forgetFailures();
  std::vector<std::string> problems;
  try {
    next = loadHostConfig(running_.file);
    problems = next.problems;
  } catch (const ConfigError& e) {
    return e.problems();
  }
  if (!problems.empty()) return problems;
  // Every instance built once on objects that never start, as --check-config does.
  const Logger scratchLog("reload-check");
  MetricRegistry scratchMetrics;
  EventBus scratchBus(next.bus, scratchMetrics, scratchLog);
  SourceArbiter scratchArbiter(scratchBus, scratchMetrics, scratchLog);
  HttpListeners scratchHttp(scratchLog, next.http, scratchMetrics);
  const std::atomic<bool> notReady{false};
  InstanceHost scratch{host_.catalog, scratchBus, scratchArbiter, scratchHttp, scratchMetrics, next.station, notReady};
  buildInstances(next, scratch, problems);
  return problems;
}

void ConfigReload::settle(Counter& outcome, const char* result, const std::string& summary) {
  outcome.add();
  if (admin_) admin_->noteReload(result, summary);
}

void ConfigReload::run() {
  HostConfig next;
  const auto problems = check(next);
  if (!problems.empty()) {
    for (const auto& problem : problems) log_.error("SIGHUP: {}", problem);
    const std::string summary =
        fmt::format("{} has {} problem(s); the running config is kept", running_.file, problems.size());
    log_.warning("SIGHUP: {}", summary);
    settle(refused_, "refused", summary + ". First: " + problems.front());
    return;
  }
  if (next.host_text != running_.host_text) {
    const std::string summary = fmt::format(
        "{}: the host's keys changed (station, bus, http, storage, admin, plugins or log); they apply only at "
        "start, so nothing was changed: restart airbridge to apply the file",
        running_.file);
    log_.warning("SIGHUP: {}", summary);
    settle(restartNeeded_, "restart_needed", summary);
    return;
  }
  apply(next);
}

void ConfigReload::apply(HostConfig& next) {
  std::map<std::string, const InstanceConfig*> before;
  for (const auto& instance : running_.instances) before[keyOf(instance)] = &instance;
  auto liveOf = [this](const InstanceConfig& config) -> PluginInstance* {
    auto& list = config.role == PluginRole::source ? instances_.sources : instances_.sinks;
    for (auto& live : list) {
      if (live.plugin_id == config.plugin && live.name == config.name) return &live;
    }
    return nullptr;  // new, or one that failed to start at the last reload
  };

  // What to do with each instance of the new file; in place happens here, the rest below.
  std::vector<std::string> kept, updated, restarted, started, stopped, failed;
  std::vector<std::pair<const InstanceConfig*, Step>> plan;
  std::vector<std::string> going;  // keys of live instances to stop: removed or restarted
  for (const auto& config : next.instances) {
    const std::string key = keyOf(config);
    const auto old = before.find(key);
    PluginInstance* live = liveOf(config);
    Step step = Step::start;
    if (live && old != before.end()) {
      const InstanceConfig& was = *old->second;
      const bool source = config.role == PluginRole::source;
      const auto changed = changedKeys(was.plugin_keys, config.plugin_keys);
      if (changed.empty() && was.queue_size == config.queue_size && was.failover == config.failover) {
        step = Step::keep;
      } else if (was.queue_size != config.queue_size) {
        step = Step::restart;  // the mailbox is made once
      } else if (changed.empty()) {
        step = Step::in_place;  // only priority or failover times
      } else {
        bool inPlace = false;
        try {
          inPlace = live->plugin->reconfigure(config.section, changed);
          config.section.finish();
        } catch (const std::exception& e) {
          live->context->log().warning("SIGHUP: could not apply the change in place ({}); restarting it", e.what());
          inPlace = false;
        }
        step = inPlace ? Step::in_place : Step::restart;
      }
      if (step == Step::in_place && source) host_.arbiter.addSource(config.failover);  // same gate, new policy
    }
    if (old != before.end()) before.erase(old);
    if (step == Step::keep) kept.push_back(key);
    if (step == Step::in_place) updated.push_back(key);
    if (step == Step::restart) {
      restarted.push_back(key);
      going.push_back(key);
    }
    if (step == Step::restart || step == Step::start) plan.emplace_back(&config, step);
  }
  for (const auto& [key, config] : before) {
    if (liveOf(*config)) {
      stopped.push_back(key);
      going.push_back(key);
    }
  }
  if (plan.empty() && going.empty() && updated.empty()) {
    log_.info("SIGHUP: {} read: nothing changed", running_.file);
    settle(unchanged_, "unchanged", "nothing changed");
    return;
  }

  // Stop what goes: sources first, so nothing new comes in for a sink that is leaving. The
  // admin view lets go of them before any is destroyed.
  auto isGoing = [&](bool source, const PluginInstance& live) {
    return std::find(going.begin(), going.end(), live.title(source)) != going.end();
  };
  if (admin_) {
    std::vector<AdminEntry> entries = instances_.adminEntries();
    std::erase_if(entries, [&](const AdminEntry& entry) {
      return std::find(going.begin(), going.end(), instanceTitle(entry.source, entry.plugin, entry.name)) != going.end();
    });
    admin_->setEntries(std::move(entries));
  }
  for (const bool source : {true, false}) {
    auto& list = source ? instances_.sources : instances_.sinks;
    for (auto it = list.begin(); it != list.end();) {
      if (!isGoing(source, *it)) {
        ++it;
        continue;
      }
      const bool removed = std::find(stopped.begin(), stopped.end(), it->title(source)) != stopped.end();
      if (!stopWhileRunning(*it, host_)) {
        abandon(std::move(*it));
      } else if (source && removed) {
        host_.arbiter.removeSource(it->name);  // the air goes on to the next live source
      }
      it = list.erase(it);
    }
  }

  // Start what comes: sinks before sources, so a new source's first event finds every output.
  for (const bool source : {false, true}) {
    for (const auto& [config, step] : plan) {
      if ((config->role == PluginRole::source) != source) continue;
      const std::string key = keyOf(*config);
      std::vector<std::string> buildProblems;
      auto built = buildInstance(*config, host_, buildProblems);
      try {
        if (!built) throw std::runtime_error(fmt::format("{}", fmt::join(buildProblems, "; ")));
        startWhileRunning(*built, source, host_);
        (source ? instances_.sources : instances_.sinks).push_back(std::move(*built));
        if (step == Step::start) started.push_back(key);
      } catch (const std::exception& e) {
        log_.error("SIGHUP: {}: could not start: {}", config->section.where(), e.what());
        if (source) host_.arbiter.removeSource(config->name);  // a restarted one must not stay on air
        failed.push_back(key);
        std::erase(restarted, key);
      }
    }
  }
  if (admin_) admin_->setEntries(instances_.adminEntries());
  running_.instances = std::move(next.instances);

  const std::string outcome = fmt::format(
      "{} applied: kept {}; updated in place: {}; restarted: {}; started: {}; stopped: {}",
      running_.file, kept.size(), namesOr(updated, "none"), namesOr(restarted, "none"), namesOr(started, "none"),
      namesOr(stopped, "none"));
  if (failed.empty()) {
    log_.info("SIGHUP: {}", outcome);
    settle(applied_, "applied", outcome);
  } else {
    const std::string withFailures = fmt::format("{}; failed to start (see the log): {}", outcome, namesOr(failed, "none"));
    log_.error("SIGHUP: {}", withFailures);
    settle(applied_, "applied_with_failures", withFailures);
  }
}

}  // namespace airbridge::core
