#pragma once
// What one plugin instance gets from the host (see airbridge/plugin_context.hpp).

#include "http/http_listeners.hpp"

#include <airbridge/plugin_context.hpp>

#include <algorithm>
#include <atomic>
#include <vector>

namespace airbridge::core {

/// The host's listeners as one instance sees them: what it claims is remembered, so that
/// SIGHUP can take its paths back when it stops the instance while the others serve on.
class InstanceRoutes final : public HttpRoutes {
 public:
  explicit InstanceRoutes(HttpListeners& http) : http_(http) {}

  void claim(const ConfigSection& section, std::string_view key, const SocketAddress& listen,
             const std::string& path, HttpEndpoint& endpoint) override {
    if (std::find(claimed_.begin(), claimed_.end(), &endpoint) == claimed_.end()) claimed_.push_back(&endpoint);
    http_.claim(section, key, listen, path, endpoint);
  }
  SocketAddress boundAddress(const SocketAddress& listen) const override { return http_.boundAddress(listen); }

  /// Every path this instance claimed; returns once no request is inside its endpoints.
  void releaseAll() {
    for (const HttpEndpoint* endpoint : claimed_) http_.release(*endpoint);
    claimed_.clear();
  }

 private:
  HttpListeners& http_;
  std::vector<const HttpEndpoint*> claimed_;
};

class InstanceContext final : public PluginContext {
 public:
  InstanceContext(std::string plugin, std::string name, Publisher& publisher,
                  const EventStore& store, HttpListeners& http, Metrics& metrics,
                  const StationInfo& station, const std::atomic<bool>& ready)
      : log_(plugin + ":" + name),
        name_(std::move(name)),
        publisher_(publisher),
        store_(store),
        routes_(http),
        metrics_(metrics),
        station_(station),
        ready_(ready) {}

  const Logger& log() const override { return log_; }
  const std::string& instanceName() const override { return name_; }
  Publisher& publisher() override { return publisher_; }
  const EventStore& store() const override { return store_; }
  HttpRoutes& http() override { return routes_; }
  Metrics& metrics() override { return metrics_; }
  const StationInfo& station() const override { return station_; }
  bool hostReady() const override { return ready_.load(); }
  /// For SIGHUP's stop of this instance: its paths go back to the listeners.
  void releaseRoutes() { routes_.releaseAll(); }

 private:
  Logger log_;
  std::string name_;
  Publisher& publisher_;
  const EventStore& store_;
  InstanceRoutes routes_;
  Metrics& metrics_;
  const StationInfo& station_;
  const std::atomic<bool>& ready_;
};

}  // namespace airbridge::core
