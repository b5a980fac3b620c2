#pragma once
// What one plugin instance gets from the host (see airbridge/plugin_context.hpp).

#include <airbridge/plugin_context.hpp>

#include <atomic>

namespace airbridge::core {

class InstanceContext final : public PluginContext {
 public:
  InstanceContext(std::string plugin, std::string name, Publisher& publisher,
                  const EventStore& store, HttpRoutes& http, Metrics& metrics,
                  const StationInfo& station, const std::atomic<bool>& ready)
      : log_(plugin + ":" + name),
        name_(std::move(name)),
        publisher_(publisher),
        store_(store),
        http_(http),
        metrics_(metrics),
        station_(station),
        ready_(ready) {}

  const Logger& log() const override { return log_; }
  const std::string& instanceName() const override { return name_; }
  Publisher& publisher() override { return publisher_; }
  const EventStore& store() const override { return store_; }
  HttpRoutes& http() override { return http_; }
  Metrics& metrics() override { return metrics_; }
  const StationInfo& station() const override { return station_; }
  bool hostReady() const override { return ready_.load(); }

 private:
  Logger log_;
  std::string name_;
  Publisher& publisher_;
  const EventStore& store_;
  HttpRoutes& http_;
  Metrics& metrics_;
  const StationInfo& station_;
  const std::atomic<bool>& ready_;
};

}  // namespace airbridge::core
