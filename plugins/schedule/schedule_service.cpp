#include "schedule_service.hpp"

#include <airbridge/in_place_check.hpp>
#include <airbridge/time_text.hpp>
#include <fmt/format.h>

#include <filesystem>

namespace airbridge::schedule {
namespace {

using namespace std::chrono;
constexpr const char* kPrefix = "/v1/schedule";
constexpr std::string_view kTermCaching = "public, max-age=30";

std::string dateJson(const std::optional<year_month_day>& date) {
  if (!date) return "null";
  return fmt::format("\"{:04}-{:02}-{:02}\"", static_cast<int>(date->year()),
                     static_cast<unsigned>(date->month()), static_cast<unsigned>(date->day()));
}

std::string djsJson(const std::vector<std::string>& djs) {
  std::string out = "[";
  for (std::size_t i = 0; i < djs.size(); ++i) {
    if (i) out += ',';
    out += jsonQuote(djs[i]);
  }
  return out + "]";
}

std::string utc(sys_seconds at) { return formatRfc3339(UtcMillis{at}); }

sys_seconds now() { return floor<seconds>(system_clock::now()); }

std::string signatureOf(const std::string& directory) {
  std::string signature;
  std::error_code error;
  std::vector<std::string> entries;
  for (const auto& entry : std::filesystem::directory_iterator(directory, error)) {
    std::error_code ignored;
    entries.push_back(fmt::format("{}|{}|{}", entry.path().string(), entry.file_size(ignored),
                                  entry.last_write_time(ignored).time_since_epoch().count()));
  }
  std::sort(entries.begin(), entries.end());
  for (const auto& entry : entries) signature += entry + "\n";
  return signature;
}

}  // namespace

ScheduleService::ScheduleService(ScheduleConfig config, const ConfigSection& section, PluginContext& context)
    : config_(std::move(config)),
      context_(context),
      responder_(config_.cors_origins),
      directory_(config_.directory),
      reloadInterval_(config_.reload_interval) {
  context.http().claim(section, "listen", config_.listen, kPrefix, *this);
  context.http().claim(section, "listen", config_.listen, std::string(kPrefix) + "/", *this);
  if (section.problemCount() > 0 || config_.directory.empty()) return;  // finish() reports them
  try {
    schedule_ = load(directory_);
  } catch (const ConfigError&) {
    throw;  // already FILE:LINE:COL in the schedule file itself
  } catch (const std::exception& e) {
    section.failHere(fmt::format("station.timezone: {}", e.what()));
  }
}

ScheduleService::~ScheduleService() { stop(); }

std::shared_ptr<const LoadedSchedule> ScheduleService::load(const std::string& directory) const {
  auto loaded = std::make_shared<LoadedSchedule>();
  loaded->signature = signatureOf(directory);
  loaded->terms = readTermDirectory(directory);
  loaded->calculator = std::make_unique<OnAirCalculator>(loaded->terms, context_.station().timezone);
  auto skipped = loaded->calculator->slotsInSkippedTime(floor<days>(system_clock::now()));
  if (!skipped.empty()) throw ConfigError(std::move(skipped));
  return loaded;
}

std::string ScheduleService::directory() const {
  std::lock_guard lock(mutex_);
  return directory_;
}

bool ScheduleService::reconfigure(const ConfigSection& section, const std::vector<std::string>& changed) {
  if (!onlyInPlaceKeys(context_.log(), changed, {"directory", "reload_interval"})) return false;
  ScheduleConfig next = ScheduleConfig::keys().parse(section);
  auto loaded = load(next.directory);  // a throw keeps the running schedule; the host restarts us
  {
    std::lock_guard lock(mutex_);
    directory_ = next.directory;
    reloadInterval_ = next.reload_interval;
    schedule_ = std::move(loaded);
    replaced_ = true;
  }
  wake_.notify_all();
  return true;
}

std::shared_ptr<const LoadedSchedule> ScheduleService::current() const {
  std::lock_guard lock(mutex_);
  return schedule_;
}

void ScheduleService::start() {
  std::size_t slots = 0;
  for (const auto& term : schedule_->terms) slots += term.slots.size();
  context_.log().info("{} term(s), {} weekly slot(s) from {} ({})", schedule_->terms.size(), slots,
                      directory(), context_.station().timezone);
  thread_ = std::thread([this] { run(); });
}

void ScheduleService::stop() noexcept {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void ScheduleService::announce(sys_seconds at) {
  const auto schedule = current();
  ProgramChange change;
  const auto onAir = schedule->calculator->onAir(at);
  const auto next = schedule->calculator->next(at);
  if (onAir) {
    change.term = onAir->term->id;
    change.name = onAir->slot->name;
    change.djs = onAir->slot->djs;
    change.description = onAir->slot->description;
    change.starts_at = utc(onAir->starts);
    change.ends_at = utc(onAir->ends);
  } else {
    // Nothing scheduled: still an event, so apps stop showing the show that ended.
    change.starts_at = utc(at);
    if (next) change.ends_at = utc(next->starts);
  }
  context_.publisher().publish(std::move(change));
}

void ScheduleService::reloadIfChanged() {
  const auto schedule = current();
  const std::string from = directory();
  if (signatureOf(from) == schedule->signature) return;
  try {
    auto reloaded = load(from);
    {
      std::lock_guard lock(mutex_);
      if (directory_ != from) return;  // SIGHUP moved to another directory meanwhile: that one stands
      schedule_ = reloaded;
    }
    context_.log().info("schedule reloaded: {} term(s)", reloaded->terms.size());
  } catch (const std::exception& e) {
    // Keep serving the last good schedule; say what is wrong once per change of the files.
    auto kept = std::make_shared<LoadedSchedule>();
    kept->terms = schedule->terms;
    kept->calculator = std::make_unique<OnAirCalculator>(kept->terms, context_.station().timezone);
    kept->signature = signatureOf(from);
    {
      std::lock_guard lock(mutex_);
      if (directory_ != from) return;
      schedule_ = kept;
    }
    context_.log().error("schedule files changed but cannot be used; keeping the last good "
                         "schedule:\n{}", e.what());
  }
}

void ScheduleService::run() {
  announce(now());
  auto interval = [this] {
    std::lock_guard lock(mutex_);
    return reloadInterval_;
  };
  auto nextReload = steady_clock::now() + interval();
  while (true) {
    const auto schedule = current();
    const auto at = now();
    std::optional<sys_seconds> boundary;
    if (auto onAir = schedule->calculator->onAir(at)) boundary = onAir->ends;
    if (auto next = schedule->calculator->next(at); next && (!boundary || next->starts < *boundary)) {
      boundary = next->starts;
    }
    auto wakeAt = nextReload;
    if (boundary) {
      const auto untilBoundary = *boundary - system_clock::now();
      wakeAt = std::min(wakeAt, steady_clock::now() + duration_cast<steady_clock::duration>(untilBoundary));
    }
    {
      std::unique_lock lock(mutex_);
      wake_.wait_until(lock, wakeAt, [this] { return stopping_ || replaced_; });
      if (stopping_) return;
      if (replaced_) {
        replaced_ = false;
        lock.unlock();
        announce(now());  // the show on air may differ in the new directory
        continue;
      }
    }
    if (steady_clock::now() >= nextReload) {
      const auto before = current();
      reloadIfChanged();
      nextReload = steady_clock::now() + interval();
      if (current() != before) announce(now());  // the show on air may differ in the new files
    }
    if (boundary && system_clock::now() >= *boundary) announce(*boundary);
  }
}

std::string ScheduleService::termJson(const Term& term, bool isCurrent) const {
  return fmt::format(R"({{"id":{},"name":{},"starts":{},"ends":{},"current":{}}})", jsonQuote(term.id),
                     jsonQuote(term.name), dateJson(term.starts), dateJson(term.ends),
                     isCurrent ? "true" : "false");
}

std::string ScheduleService::occurrenceJson(const LoadedSchedule& schedule,
                                         const std::optional<Occurrence>& occurrence) const {
  if (!occurrence) return "null";
  const Slot& slot = *occurrence->slot;
  return fmt::format(
      R"({{"term":{},"name":{},"djs":{},"description":{},"starts_at":{},"ends_at":{},"starts_local":{},"ends_local":{}}})",
      jsonQuote(occurrence->term->id), jsonQuote(slot.name), djsJson(slot.djs), jsonQuote(slot.description),
      jsonQuote(utc(occurrence->starts)), jsonQuote(utc(occurrence->ends)),
      jsonQuote(schedule.calculator->formatLocal(occurrence->starts)),
      jsonQuote(schedule.calculator->formatLocal(occurrence->ends)));
}

std::shared_ptr<const ScheduleService::PreparedSchedule> ScheduleService::preparedFor(
    const std::shared_ptr<const LoadedSchedule>& schedule, const Term* now_term) const {
  std::lock_guard lock(preparedMutex_);
  if (prepared_ && prepared_->schedule == schedule && prepared_->now_term == now_term) return prepared_;
  // The term pages change only with the files or with the term that is current: made once then.
  auto made = std::make_shared<PreparedSchedule>();
  made->schedule = schedule;
  made->now_term = now_term;
  const std::string timezone = jsonQuote(context_.station().timezone);
  std::string terms;
  for (const auto& term : schedule->terms) {
    if (!terms.empty()) terms += ',';
    terms += termJson(term, &term == now_term);
    std::string programs;
    for (const auto& slot : term.slots) {
      if (!programs.empty()) programs += ',';
      programs += fmt::format(R"({{"name":{},"djs":{},"description":{},"day":"{}","start":"{}","end":"{}"}})",
                              jsonQuote(slot.name), djsJson(slot.djs), jsonQuote(slot.description),
                              weekdayName(slot.weekday), formatTimeOfDay(slot.start), formatTimeOfDay(slot.end));
    }
    made->by_term.emplace(term.id, HttpResponder::prepare(
                                       fmt::format(R"({{"timezone":{},"term":{},"programs":[{}]}})", timezone,
                                                   termJson(term, &term == now_term), programs),
                                       "application/json"));
  }
  made->terms = HttpResponder::prepare(fmt::format(R"({{"timezone":{},"terms":[{}]}})", timezone, terms),
                                       "application/json");
  prepared_ = std::move(made);
  return prepared_;
}

void ScheduleService::handle(const HttpRequest& request, HttpReply& response) {
  if (request.method != "GET" && request.method != "HEAD") {
    response.set("Allow", "GET, HEAD");
    return responder_.sendError(request, response, 405, "method_not_allowed",
                                "the schedule is read-only: use GET");
  }
  std::string path(request.path);
  if (path.ends_with('/') && path.size() > 1) path.pop_back();
  const auto schedule = current();
  const std::string timezone = jsonQuote(context_.station().timezone);
  const Term* nowTerm = schedule->calculator->termAt(now());
  const auto prepared = preparedFor(schedule, nowTerm);

  if (path == kPrefix) {
    if (!nowTerm) {
      return responder_.sendError(request, response, 404, "no_current_term",
                                  "no term covers today; see /v1/schedule/terms");
    }
    return responder_.sendCacheable(request, response, prepared->by_term.at(nowTerm->id), kTermCaching);
  }
  const std::string rest = path.substr(std::string(kPrefix).size() + 1);
  if (rest == "terms") return responder_.sendCacheable(request, response, prepared->terms, kTermCaching);
  if (rest == "now") {
    sys_seconds at = now();
    if (const std::string* atText = request.queryValue("at")) {
      auto parsed = parseIsoTime(*atText);
      if (!parsed) {
        return responder_.sendError(request, response, 400, "bad_request",
                                    "at must be an RFC 3339 time, like 2026-11-01T07:30:00Z");
      }
      at = floor<seconds>(*parsed);
    }
    const std::string body = fmt::format(R"({{"at":{},"at_local":{},"timezone":{},"on_air":{},"next":{}}})",
                                         jsonQuote(utc(at)),
                                         jsonQuote(schedule->calculator->formatLocal(at)), timezone,
                                         occurrenceJson(*schedule, schedule->calculator->onAir(at)),
                                         occurrenceJson(*schedule, schedule->calculator->next(at)));
    return responder_.sendCacheable(request, response, body, "application/json", "no-cache");
  }
  if (auto term = prepared->by_term.find(rest); term != prepared->by_term.end()) {
    return responder_.sendCacheable(request, response, term->second, kTermCaching);
  }
  responder_.sendError(request, response, 404, "not_found",
                       fmt::format("no term '{}'; see /v1/schedule/terms", rest.substr(0, 100)));
}

}  // namespace airbridge::schedule
