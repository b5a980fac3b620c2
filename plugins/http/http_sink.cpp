#include "http_sink.hpp"

#include "demo_page.hpp"

#include <airbridge/in_place_check.hpp>

#include <fmt/format.h>

#include <charconv>

namespace airbridge::http {
namespace {

constexpr std::size_t kDefaultHistoryLimit = 20;

/// A whole decimal number in [low, high], or nullopt.
std::optional<std::uint64_t> parseNumber(const std::string& text, std::uint64_t low, std::uint64_t high) {
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < low || value > high) {
    return std::nullopt;
  }
  return value;
}

std::string sseChunk(const Dispatch& event) {
  const std::string data = payloadJson(event);
  return fmt::format("id: {}\nevent: {}\ndata: {}\n\n", event.sequence, event.name(), data);
}

}  // namespace

HttpSink::HttpSink(HttpSinkConfig config, const ConfigSection& section, PluginContext& context)
    : config_(std::move(config)),
      context_(context),
      events_(config_.events),
      sseMaxConnections_(config_.sse_max_connections),
      demoPageOn_(config_.demo_page),
      metricsOn_(config_.metrics),
      responder_(config_.cors_origins),
      published_(config_.resume_window),
      streamGauge_(context.metrics().gauge("airbridge_sse_connections", "Open Server-Sent Event streams",
                                           fmt::format("sink=\"{}\"", context.instanceName()))),
      closedSlow_(context.metrics().counter("airbridge_sse_slow_streams_closed_total",
                                            "SSE streams closed because they fell behind",
                                            fmt::format("sink=\"{}\"", context.instanceName()))),
      healthy_(HttpResponder::prepare(R"({"status":"ok"})", "application/json")),
      ready_(HttpResponder::prepare(R"({"status":"ready"})", "application/json")),
      demoPage_(HttpResponder::prepare(demoPage(context.station().name, config_.demo_websocket_path),
                                       "text/html; charset=utf-8")) {
  prepareAnswers();
  context.http().claim(section, "listen", config_.listen, "/", *this);
}

HttpSink::~HttpSink() { stop(); }

void HttpSink::start() {
  // What the bus already holds (after a restart, from storage): history, READY, Last-Event-ID.
  const auto tracks = context_.store().history(config_.history_size, std::nullopt);
  for (auto it = tracks.rbegin(); it != tracks.rend(); ++it) {
    if (auto shown = events_.apply(*it)) remember(shown);
  }
  for (const auto& recent : context_.store().recent(config_.resume_window)) {
    if (auto shown = events_.apply(recent)) {
      published_.record(shown, std::make_shared<const std::string>(sseChunk(*shown)));
    }
  }
  prepareAnswers();
  streams_ = std::make_unique<SseStreams>(
      config_.sse_keepalive, [this](const std::string& lastId) { return greetingFor(lastId); },
      context_.log(), closedSlow_, [this] { streamGauge_.set(--streamCount_); });
  // A stream whose queue has not moved for a few keep-alives is not being read.
  const FanoutSettings settings{config_.sse_max_queued_bytes,
                                std::max<Duration>(config_.sse_keepalive * 4, std::chrono::minutes{1})};
  loops_ = std::make_unique<FanoutPool>(*streams_, settings, config_.event_loops, context_.metrics(),
                                        context_.instanceName(), "airbridge_sse_events_sent_total",
                                        "Event chunks queued or written to SSE streams");
  loops_->start();
}

void HttpSink::remember(const SharedDispatch& event) {
  if (!event->isTrack()) return;
  std::lock_guard lock(historyMutex_);
  if (history_.size() == config_.history_size) history_.pop_front();
  history_.push_back(event);
}

void HttpSink::deliver(const SharedDispatch& incoming) {
  SharedDispatch event = events_.apply(incoming);
  if (!event || !events_.wait(*event)) return;
  auto chunk = std::make_shared<const std::string>(sseChunk(*event));
  published_.record(event, chunk);
  remember(event);
  prepareAnswers();  // the REST answers change with the state, not with each request
  if (loops_) loops_->broadcast({event->sequence, 0, std::move(chunk), event->admitted});
}

bool HttpSink::reconfigure(const ConfigSection& section, const std::vector<std::string>& changed) {
  if (!onlyInPlaceKeys(context_.log(), changed, sinkOptionKeysAnd({"sse_max_connections", "demo_page", "metrics"}))) {
    return false;
  }
  HttpSinkConfig next = HttpSinkConfig::keys().parse(section);
  events_.replace(std::move(next.events));
  sseMaxConnections_.store(next.sse_max_connections);  // streams over a lowered limit stay open
  demoPageOn_.store(next.demo_page);
  metricsOn_.store(next.metrics);
  return true;
}

void HttpSink::stop() noexcept {
  events_.stop();
  if (loops_) loops_->stop(Duration{0});
}

void HttpSink::handle(const HttpRequest& request, HttpReply& reply) {
  const std::string_view path = request.path;
  if (request.body.size() > config_.max_request_bytes) {
    return responder_.sendError(request, reply, 413, "too_large",
                                fmt::format("request bodies are limited to {} bytes", config_.max_request_bytes));
  }
  if (request.method == "OPTIONS") {  // CORS preflight
    responder_.applyCors(request, reply);
    reply.set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
    reply.set("Access-Control-Allow-Headers", "If-None-Match, Last-Event-ID");
    reply.set("Access-Control-Max-Age", "86400");
    reply.setStatus(204);
    return;
  }
  const bool known = path == "/" || path == "/v1/now-playing" || path == "/v1/history" ||
                     path == "/v1/events" || path == "/healthz" || path == "/readyz" ||
                     path == "/metrics";
  if (!known) {
    return responder_.sendError(request, reply, 404, "not_found",
                                fmt::format("nothing is served at {}", path.substr(0, 200)));
  }
  if (request.method != "GET" && request.method != "HEAD") {
    reply.set("Allow", "GET, HEAD, OPTIONS");
    return responder_.sendError(request, reply, 405, "method_not_allowed",
                                fmt::format("{} is read-only: use GET", path));
  }
  if (path == "/v1/now-playing") return responder_.sendCacheable(request, reply, *prepared()->now_playing, "no-cache");
  if (path == "/v1/history") return history(request, reply);
  if (path == "/v1/events") return events(request, reply);
  if (path == "/healthz") return responder_.sendCacheable(request, reply, healthy_, "no-store");
  if (path == "/readyz") {
    if (!context_.hostReady()) {
      return responder_.sendError(request, reply, 503, "not_ready", "airbridge is starting or stopping");
    }
    return responder_.sendCacheable(request, reply, ready_, "no-store");
  }
  if (path == "/metrics") {
    if (!metricsOn_.load()) {
      return responder_.sendError(request, reply, 404, "not_found",
                                  "/metrics is served on the admin listener only (metrics: false)");
    }
    return responder_.sendCacheable(request, reply, context_.metrics().render(),
                                    "text/plain; version=0.0.4", "no-store");
  }
  if (!demoPageOn_.load()) {
    return responder_.sendError(request, reply, 404, "not_found",
                                "the demo page is turned off (demo_page: false)");
  }
  responder_.sendCacheable(request, reply, demoPage_, "no-cache");
}

std::shared_ptr<const HttpSink::PreparedAnswers> HttpSink::prepared() const {
  std::lock_guard lock(preparedMutex_);
  return prepared_;
}

void HttpSink::prepareAnswers() {
  auto answers = std::make_shared<PreparedAnswers>();
  const auto state = published_.snapshot();
  const OnAirJson onAir = onAirJson(state.now.get(), state.program.get());
  answers->now_playing = std::make_shared<const PreparedBody>(HttpResponder::prepare(
      fmt::format(R"({{"seq":{},"now":{},"next":{},"program":{},"on_air_source":{}}})",
                  state.sequence, onAir.now, onAir.next, onAir.program, onAir.source),
      "application/json"));
  answers->history_first_page = std::make_shared<const PreparedBody>(
      HttpResponder::prepare(historyPage(kDefaultHistoryLimit, std::nullopt), "application/json"));
  std::lock_guard lock(preparedMutex_);
  prepared_ = std::move(answers);
}

std::string HttpSink::historyPage(std::size_t limit, std::optional<std::uint64_t> before) const {
  std::string items;
  std::size_t count = 0;
  bool more = false;
  std::uint64_t last = 0;
  std::lock_guard lock(historyMutex_);
  for (auto it = history_.rbegin(); it != history_.rend(); ++it) {
    if (before && (*it)->sequence >= *before) continue;
    if (count == limit) {
      more = true;
      break;
    }
    if (count++) items += ',';
    items += fmt::format(R"({{"seq":{},"admitted_at":{},"track":{}}})", (*it)->sequence,
                         jsonQuote((*it)->admitted_at), toJson(*(*it)->track(), false));
    last = (*it)->sequence;
  }
  return fmt::format(R"({{"items":[{}],"next_before":{}}})", items, more ? std::to_string(last) : "null");
}

void HttpSink::history(const HttpRequest& request, HttpReply& reply) {
  const std::string* limitText = request.queryValue("limit");
  const auto limit = limitText ? parseNumber(*limitText, 1, 500) : std::optional<std::uint64_t>(kDefaultHistoryLimit);
  if (!limit) {
    return responder_.sendError(request, reply, 400, "bad_request",
                                "limit must be a whole number from 1 to 500");
  }
  std::optional<std::uint64_t> before;
  if (const std::string* beforeText = request.queryValue("before")) {
    before = parseNumber(*beforeText, 1, std::numeric_limits<std::int64_t>::max());
    if (!before) {
      return responder_.sendError(request, reply, 400, "bad_request",
                                  "before must be the seq of a history item (a positive whole number)");
    }
  }
  if (*limit == kDefaultHistoryLimit && !before) {
    return responder_.sendCacheable(request, reply, *prepared()->history_first_page, "no-cache");
  }
  responder_.sendCacheable(request, reply, historyPage(*limit, before), "application/json", "no-cache");
}

std::string HttpSink::readyChunk(const PublishedLog<SharedChunk>::Snapshot& state,
                                 bool resume_failed) const {
  const OnAirJson onAir = onAirJson(state.now.get(), state.program.get());
  return fmt::format(
      "event: READY\ndata: {{\"seq\":{},\"now_playing\":{},\"next\":{},\"program\":{},"
      "\"on_air_source\":{},\"resume_failed\":{}}}\n\n",
      state.sequence, onAir.now, onAir.next, onAir.program, onAir.source,
      resume_failed ? "true" : "false");
}

void HttpSink::events(const HttpRequest& request, HttpReply& reply) {
  if (const int limit = sseMaxConnections_.load(); streamCount_.load() >= limit) {
    reply.set("Retry-After", "5");
    return responder_.sendError(request, reply, 503, "too_many_connections",
                                fmt::format("at sse_max_connections ({})", limit));
  }
  // EventSource sends Last-Event-ID when it reconnects; ?last_event_id= serves other clients.
  const std::string* queryId = request.queryValue("last_event_id");
  std::string lastId(request.header("Last-Event-ID", queryId ? std::string_view(*queryId) : std::string_view()));
  lastId.resize(std::min<std::size_t>(lastId.size(), 32));

  responder_.applyCors(request, reply);
  reply.setStatus(200);
  reply.set("Cache-Control", "no-cache");
  reply.set("X-Accel-Buffering", "no");  // nginx: do not buffer the stream
  reply.setBody("text/event-stream; charset=utf-8", std::string());
  if (request.isHead()) return;
  reply.takeOver([this, lastId = std::move(lastId)](TakenConnection taken) mutable {
    streamGauge_.set(++streamCount_);
    loops_->adopt(std::move(taken), std::move(lastId));
  });
}

SseStreams::Greeting HttpSink::greetingFor(const std::string& last_event_id) const {
  SseStreams::Greeting greeting;
  greeting.chunks.push_back(std::make_shared<const std::string>("retry: 3000\n\n"));
  if (!last_event_id.empty()) {
    if (auto from = parseNumber(last_event_id, 0, std::numeric_limits<std::int64_t>::max())) {
      if (auto missed = published_.since(*from)) {
        for (const auto& entry : *missed) greeting.chunks.push_back(entry.frame);
        greeting.last_sequence = missed->empty() ? *from : missed->back().sequence;
        return greeting;
      }
    }
  }
  const auto state = published_.snapshot();
  greeting.chunks.push_back(std::make_shared<const std::string>(readyChunk(state, !last_event_id.empty())));
  greeting.last_sequence = state.sequence;
  return greeting;
}

}  // namespace airbridge::http
