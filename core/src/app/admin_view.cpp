#include "app/admin_view.hpp"

#include "version.hpp"

#include <airbridge/logger.hpp>
#include <airbridge/shared_secret.hpp>
#include <airbridge/time_text.hpp>

#include <fmt/format.h>

namespace airbridge::core {
namespace {

std::string timeJson(std::chrono::system_clock::time_point when) {
  return jsonQuote(formatRfc3339(std::chrono::time_point_cast<std::chrono::milliseconds>(when)));
}

/// The newest warning or error an instance logged, as JSON, or null.
std::string lastProblemOf(const std::vector<LoggedProblem>& problems, const std::string& where) {
  for (auto it = problems.rbegin(); it != problems.rend(); ++it) {
    if (it->where == where) {
      return fmt::format(R"({{"at":{},"message":{}}})", jsonQuote(it->at), jsonQuote(it->message));
    }
  }
  return "null";
}

}  // namespace

AdminView::AdminView(const AdminSettings& settings, std::vector<AdminEntry> entries, EventBus& bus,
                     SourceArbiter& arbiter, MetricRegistry& metrics, HttpRoutes& routes,
                     const StationInfo& station)
    : settings_(settings), entries_(std::move(entries)), bus_(bus), arbiter_(arbiter),
      metrics_(metrics), station_(station) {
  routes.claim(*settings.section, "listen", *settings.listen, "/admin", *this);
  routes.claim(*settings.section, "listen", *settings.listen, "/admin/status", *this);
  if (settings.metrics_on_admin) routes.claim(*settings.section, "metrics_on_admin", *settings.listen, "/metrics", *this);
}

void AdminView::handle(const HttpRequest& request, HttpReply& reply) {
  if (request.method != "GET" && request.method != "HEAD") {
    reply.set("Allow", "GET, HEAD");
    return responder_.sendError(request, reply, 405, "method_not_allowed", "the admin view only answers GET");
  }
  // The page holds no data: it asks for the token and sends it with each status request.
  if (request.path == "/admin") return responder_.sendCacheable(request, reply, adminPage(), "text/html; charset=utf-8", "no-cache");
  const auto token = bearerToken(request);
  if (!token || !sameSecret(*token, settings_.token)) {
    reply.set("WWW-Authenticate", "Bearer realm=\"airbridge admin\"");
    return responder_.sendError(request, reply, 401, "unauthorized",
                                "send the admin token (admin.token) as Authorization: Bearer <token>");
  }
  reply.set("Cache-Control", "no-store");
  if (request.path == "/metrics") return reply.setBody("text/plain; version=0.0.4", metrics_.render());
  reply.setBody("application/json", statusJson());
}

void AdminView::noteReload(std::string result, std::string summary) {
  std::string json = fmt::format(R"({{"at":{},"result":{},"summary":{}}})", timeJson(std::chrono::system_clock::now()),
                                 jsonQuote(result), jsonQuote(summary));
  std::lock_guard lock(entriesMutex_);
  reloadJson_.swap(json);
}

void AdminView::setEntries(std::vector<AdminEntry> entries) {
  std::lock_guard lock(entriesMutex_);
  entries_.swap(entries);
}

std::string AdminView::statusJson() const {
  const auto problems = Logger::recentProblems();
  std::string sources, sinks;
  std::lock_guard lock(entriesMutex_);
  for (const auto& entry : entries_) {
    const std::string where = entry.plugin + ":" + entry.name;
    std::string& list = entry.source ? sources : sinks;
    if (!list.empty()) list += ',';
    list += fmt::format(R"({{"name":{},"plugin":{},"status":{},"last_problem":{})", jsonQuote(entry.name),
                        jsonQuote(entry.plugin), entry.instance->statusJson(), lastProblemOf(problems, where));
    if (entry.source) list += fmt::format(R"(,"failover":{})", arbiter_.statusJson(entry.name));
    if (entry.runner) list += fmt::format(R"(,"mailbox":{})", entry.runner->statusJson());
    list += '}';
  }
  std::string recent;
  for (const auto& problem : problems) {
    if (!recent.empty()) recent += ',';
    recent += fmt::format(R"({{"at":{},"level":"{}","where":{},"message":{}}})", jsonQuote(problem.at),
                          problem.level == LogLevel::error ? "error" : "warning", jsonQuote(problem.where),
                          jsonQuote(problem.message));
  }
  const SharedDispatch now = bus_.nowPlaying();
  const std::string onAir = arbiter_.onAirSource();
  return fmt::format(
      R"({{"station":{},"node":{},"version":{},"started_at":{},"now":{},"last_sequence":{},)"
      R"("now_playing":{},"on_air_source":{},"last_reload":{},"sources":[{}],"sinks":[{}],"recent_problems":[{}]}})",
      jsonQuote(station_.name), jsonQuote(station_.node_id), jsonQuote(kAirbridgeVersion), timeJson(started_),
      timeJson(std::chrono::system_clock::now()), bus_.lastSequence(),
      now && now->track() ? toJson(*now->track(), false) : "null", onAir.empty() ? "null" : jsonQuote(onAir),
      reloadJson_, sources, sinks, recent);
}

}  // namespace airbridge::core
