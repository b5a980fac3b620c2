#pragma once
// The schedule plugin: loads the term files, serves /v1/schedule..., re-reads the files when
// they change (a broken edit keeps the last good schedule), and puts a PROGRAM_CHANGED event on
// the bus at every show boundary. It takes no events, so the host gives it no mailbox.

#include "on_air_calculator.hpp"
#include "schedule_config.hpp"
#include "term_file_reader.hpp"

#include <airbridge/http_responder.hpp>
#include <airbridge/plugin.hpp>

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

namespace airbridge::schedule {

/// One loaded schedule; replaced whole on reload, so readers never see half of one.
struct LoadedSchedule {
  std::vector<Term> terms;
  std::unique_ptr<OnAirCalculator> calculator;  // refers to `terms`
  std::string signature;                         // file names, sizes and times: "changed?"
};

class ScheduleService final : public Plugin, public HttpEndpoint {
 public:
  ScheduleService(ScheduleConfig config, const ConfigSection& section, PluginContext& context);
  ~ScheduleService() override;

  void start() override;
  void stop() noexcept override;
  /// In place: directory (read and checked before it replaces the running schedule) and
  /// reload_interval. A new listen address or CORS list needs a new instance.
  bool reconfigure(const ConfigSection& section, const std::vector<std::string>& changed) override;
  void handle(const HttpRequest& request, HttpReply& response) override;

 private:
  std::shared_ptr<const LoadedSchedule> load(const std::string& directory) const;  // throws ConfigError
  std::string directory() const;
  std::shared_ptr<const LoadedSchedule> current() const;
  void run();
  void reloadIfChanged();
  void announce(std::chrono::sys_seconds at);

  /// The answers of /v1/schedule, /terms and /{term} for one loaded schedule and current term.
  struct PreparedSchedule {
    std::shared_ptr<const LoadedSchedule> schedule;  // held: its address identifies it
    const Term* now_term = nullptr;
    PreparedBody terms;
    std::map<std::string, PreparedBody> by_term;
  };
  std::shared_ptr<const PreparedSchedule> preparedFor(const std::shared_ptr<const LoadedSchedule>& schedule,
                                                      const Term* now_term) const;
  std::string termJson(const Term& term, bool current) const;
  std::string occurrenceJson(const LoadedSchedule& schedule, const std::optional<Occurrence>& occurrence) const;

  const ScheduleConfig config_;  ///< as started; what reconfigure() changes is held below
  PluginContext& context_;
  HttpResponder responder_;
  mutable std::mutex mutex_;
  std::shared_ptr<const LoadedSchedule> schedule_;
  std::string directory_;              // config_.directory, or the latest SIGHUP's
  std::chrono::milliseconds reloadInterval_;
  bool replaced_ = false;              // SIGHUP swapped the schedule: announce what is on air
  mutable std::mutex preparedMutex_;
  mutable std::shared_ptr<const PreparedSchedule> prepared_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace airbridge::schedule
