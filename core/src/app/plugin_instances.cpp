#include "app/plugin_instances.hpp"

#include <fmt/format.h>

namespace airbridge::core {

std::string instanceTitle(bool source, const std::string& plugin, const std::string& name) {
  return fmt::format("{} {} \"{}\"", source ? "source" : "sink", plugin, name);
}

std::string PluginInstance::title(bool source) const { return instanceTitle(source, plugin_id, name); }

std::vector<AdminEntry> Instances::adminEntries() const {
  std::vector<AdminEntry> entries;
  for (const auto* list : {&sources, &sinks}) {
    for (const auto& instance : *list) {
      entries.push_back(AdminEntry{list == &sources, instance.plugin_id, instance.name, instance.plugin.get(),
                                   instance.runner.get()});
    }
  }
  return entries;
}

std::optional<PluginInstance> buildInstance(const InstanceConfig& instance, InstanceHost& host,
                                            std::vector<std::string>& problems) {
  const std::string label = instance.section.where();
  auto fail = [&](const std::string& message) {
    problems.push_back(fmt::format("{}: {}: {}", instance.position, label, message));
  };
  if (instance.plugin.empty()) return std::nullopt;  // already reported: missing plugin:
  const PluginLibrary* library = nullptr;
  try {
    library = &host.catalog.get(instance.plugin);
  } catch (const PluginLoadError& e) {
    fail(e.what());
    return std::nullopt;
  }
  const bool listedAsSource = instance.role == PluginRole::source;
  // A source publishes through its failover gate; sinks (the schedule, a bridge) straight on.
  Publisher& publisher = listedAsSource ? host.arbiter.addSource(instance.failover) : static_cast<Publisher&>(host.bus);
  auto context = std::make_unique<InstanceContext>(instance.plugin, instance.name, publisher, host.bus,
                                                   host.http, host.metrics, host.station, host.ready);
  std::optional<PluginInstance> built;
  std::shared_ptr<Plugin> plugin;  // outlives the release below: a route may still point at it
  try {
    plugin = library->create(instance.section, *context);
    if (listedAsSource && plugin->consumer()) {
      fail(fmt::format("plugin '{}' takes events (an output); move it under sinks:", instance.plugin));
    } else {
      built.emplace(PluginInstance{label, instance.plugin, instance.name, instance.queue_size, std::move(context),
                                   std::move(plugin), nullptr, false});
    }
  } catch (const ConfigError& e) {
    problems.insert(problems.end(), e.problems().begin(), e.problems().end());
  } catch (const std::exception& e) {
    fail(fmt::format("{}: the plugin refused this instance: {}", library->file().string(), e.what()));
  }
  // Paths a refused instance claimed go back at once: on SIGHUP the listeners are live.
  if (!built) context->releaseRoutes();
  // Keys the plugin never read, even if it declared none.
  try {
    instance.section.finish();
  } catch (const ConfigError& e) {
    problems.insert(problems.end(), e.problems().begin(), e.problems().end());
    if (built) built->context->releaseRoutes();
    built.reset();
  }
  return built;
}

Instances buildInstances(const HostConfig& config, InstanceHost& host, std::vector<std::string>& problems) {
  Instances out;
  for (const auto& instance : config.instances) {
    if (auto built = buildInstance(instance, host, problems)) {
      (instance.role == PluginRole::source ? out.sources : out.sinks).push_back(std::move(*built));
    }
  }
  return out;
}

void attachConsumer(PluginInstance& instance, EventBus& bus, MetricRegistry& metrics) {
  EventConsumer* consumer = instance.plugin->consumer();
  if (!consumer) return;
  instance.runner = std::make_unique<SinkRunner>(instance.name, *consumer, instance.queue_size,
                                                 instance.context->log(), metrics);
  bus.attach(*instance.runner);
}

void startWhileRunning(PluginInstance& instance, bool source, InstanceHost& host) {
  try {
    if (source) {
      host.http.start();  // a path it serves (an intake) is answered from its first event on
      instance.plugin->start();
    } else {
      instance.plugin->start();
      attachConsumer(instance, host.bus, host.metrics);  // what comes now waits in its mailbox
      if (instance.runner) instance.runner->start();
      host.http.start();
    }
    instance.started = true;
  } catch (...) {
    instance.started = true;
    stopWhileRunning(instance, host);
    throw;
  }
}

bool stopWhileRunning(PluginInstance& instance, InstanceHost& host) {
  instance.context->releaseRoutes();
  if (!instance.started) return true;
  instance.started = false;
  bool drained = true;
  if (instance.runner) {
    host.bus.detach(*instance.runner);
    drained = instance.runner->drainUntil(std::chrono::steady_clock::now() + kSinkDrainTime);
  }
  if (drained) instance.plugin->stop();
  return drained;
}

void abandon(PluginInstance&& instance) {
  instance.context->log().error("SIGHUP stopped this instance in the middle of a delivery; it is left behind, "
                                "detached, until airbridge exits");
  // Deliberately leaked: the detached worker may still call into the plugin and its context.
  static_cast<void>(instance.runner.release());
  static_cast<void>(instance.context.release());
  static_cast<void>(new std::shared_ptr<Plugin>(std::move(instance.plugin)));
}

}  // namespace airbridge::core
