#pragma once
// What one plugin instance gets from the host (see airbridge/plugin_context.hpp).

#include <airbridge/plugin_context.hpp>

namespace airbridge::core {

class InstanceContext final : public PluginContext {
 public:
  InstanceContext(std::string plugin, std::string name, Publisher& publisher,
                  const EventStore& store, HttpRoutes& http, Metrics& metrics,
                  const StationInfo& station)
      : log_(plugin + ":" + name),
        name_(std::move(name)),
        publisher_(publisher),
        store_(store),
        http_(http),
        metrics_(metrics),
        station_(station) {}

  const Logger& log() const override { return log_; }
  const std::string& instanceName() const override { return name_; }
  Publisher& publisher() override { return publisher_; }
  const EventStore& store() const override { return store_; }
  HttpRoutes& http() override { return http_; }
  Metrics& metrics() override { return metrics_; }
  const StationInfo& station() const override { return station_; }

 private:
  Logger log_;
  std::string name_;
  Publisher& publisher_;
  const EventStore& store_;
  HttpRoutes& http_;
  Metrics& metrics_;
  const StationInfo& station_;
};

}  // namespace airbridge::core
