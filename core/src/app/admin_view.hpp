#pragma once
// The admin view (README, "The admin view"): on a listener of its own, behind
// `Authorization: Bearer <token>`, `/admin/status` answers JSON with each source (failover state,
// last document and when, its last problem), each sink (deliveries, drops, what the plugin
// reports: clients, last delivery and the peer's answer), what is on air and the last warnings
// and errors; `/admin` is a page (plain HTML and JS, no build step) that shows it live.

#include "bus/event_bus.hpp"
#include "bus/sink_runner.hpp"
#include "bus/source_arbiter.hpp"
#include "config/host_config.hpp"
#include "metrics/metric_registry.hpp"

#include <airbridge/http_responder.hpp>
#include <airbridge/http_routes.hpp>
#include <airbridge/plugin.hpp>

#include <chrono>
#include <mutex>
#include <string>
#include <vector>

namespace airbridge::core {

/// One running instance as the admin view lists it.
struct AdminEntry {
  bool source = false;
  std::string plugin;
  std::string name;
  const Plugin* instance = nullptr;
  const SinkRunner* runner = nullptr;  ///< consumers only
};

class AdminView final : public HttpEndpoint {
 public:
  /// Claims /admin, /admin/status (and /metrics with metrics_on_admin) on the admin listener.
  AdminView(const AdminSettings& settings, std::vector<AdminEntry> entries, EventBus& bus,
            SourceArbiter& arbiter, MetricRegistry& metrics, HttpRoutes& routes, const StationInfo& station);

  void handle(const HttpRequest& request, HttpReply& reply) override;
  /// After SIGHUP started or stopped instances; once it returns no status request is still
  /// reading a dropped one.
  void setEntries(std::vector<AdminEntry> entries);
  /// The outcome of the latest SIGHUP ("applied", "refused"...) and its one line, shown until
  /// the next.
  void noteReload(std::string result, std::string summary);

 private:
  std::string statusJson() const;

  const AdminSettings& settings_;
  mutable std::mutex entriesMutex_;  // held while a status request reads the instances
  std::vector<AdminEntry> entries_;
  std::string reloadJson_ = "null";  // under entriesMutex_
  EventBus& bus_;
  SourceArbiter& arbiter_;
  MetricRegistry& metrics_;
  const StationInfo& station_;
  const std::chrono::system_clock::time_point started_ = std::chrono::system_clock::now();
  HttpResponder responder_;
};

/// The page: one HTML document with its script inline.
const std::string& adminPage();

}  // namespace airbridge::core
