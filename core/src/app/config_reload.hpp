#pragma once
// SIGHUP (README, "Reloading the config"): the file is read and checked whole first, on
// throwaway instances as --check-config does; a broken file is reported with FILE:LINE:COL and
// the running config kept. Otherwise each instance is matched by role, plugin and name with the
// running one: unchanged ones run on untouched, changed ones take the change in place when
// their plugin can (Plugin::reconfigure) or are restarted, and added or removed ones are started
// or stopped, while everything else serves on. One line says what happened; /metrics counts it.

#include "app/admin_view.hpp"
#include "app/plugin_instances.hpp"

#include <airbridge/logger.hpp>
#include <airbridge/metrics.hpp>

#include <string>
#include <vector>

namespace airbridge::core {

class ConfigReload {
 public:
  /// `running` and `instances` are the host's; they are updated as changes are applied.
  ConfigReload(HostConfig& running, Instances& instances, InstanceHost host, const Logger& log,
               MetricRegistry& metrics);

  /// For makeAdminView's view, once it exists: its list follows the instances.
  void follow(AdminView* admin) { admin_ = admin; }
  /// On SIGHUP, from the signal thread (which also does the shutdown, so never both at once).
  void run();

 private:
  /// The file checked whole; empty problems means `next` may be applied.
  std::vector<std::string> check(HostConfig& next);
  void apply(HostConfig& next);
  /// Counts the outcome and shows it on the admin view (the caller has logged it).
  void settle(Counter& outcome, const char* result, const std::string& summary);

  HostConfig& running_;
  Instances& instances_;
  InstanceHost host_;
  const Logger& log_;
  AdminView* admin_ = nullptr;
  Counter& applied_;
  Counter& unchanged_;
  Counter& refused_;
  Counter& restartNeeded_;
};

}  // namespace airbridge::core
