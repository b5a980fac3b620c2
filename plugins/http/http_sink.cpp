#include "http_sink.hpp"

#include "demo_page.hpp"

#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/StreamSocket.h>
#include <fcntl.h>
#include <fmt/format.h>

#include <charconv>

namespace airbridge::http {
namespace {

using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;

std::string_view pathOf(const std::string& uri) {
  return std::string_view(uri).substr(0, uri.find_first_of("?#"));
}

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
  const std::string data = event.track() ? toJson(*event.track()) : toJson(*event.program());
  return fmt::format("id: {}\nevent: {}\ndata: {}\n\n", event.sequence, event.name(), data);
}

}  // namespace

HttpSink::HttpSink(HttpSinkConfig config, const ConfigSection& section, PluginContext& context)
    : config_(std::move(config)),
      context_(context),
      responder_(config_.cors_origins),
      published_(config_.resume_window),
      streamGauge_(context.metrics().gauge("airbridge_sse_connections", "Open Server-Sent Event streams",
                                           fmt::format("sink=\"{}\"", context.instanceName()))),
      delay_(config_.events.delay) {
  context.http().claim(section, "listen", config_.listen, "/", *this);
}

HttpSink::~HttpSink() { stop(); }

void HttpSink::start() {
  // What the bus already holds (after a restart, from storage): history, READY, Last-Event-ID.
  const auto tracks = context_.store().history(config_.history_size, std::nullopt);
  for (auto it = tracks.rbegin(); it != tracks.rend(); ++it) {
    if (auto shown = config_.events.apply(*it)) remember(shown);
  }
  for (const auto& recent : context_.store().recent(config_.resume_window)) {
    if (auto shown = config_.events.apply(recent)) {
      published_.record(shown, std::make_shared<const std::string>(sseChunk(*shown)));
    }
  }
  streams_ = std::make_unique<SseStreamLoop>(
      SseStreamLoop::Settings{config_.sse_keepalive, config_.sse_max_queued_bytes},
      [this](const std::string& lastId) { return greetingFor(lastId); }, context_.log(),
      context_.metrics(), context_.instanceName(), [this] { streamGauge_.set(--streamCount_); });
  streams_->start();
}

void HttpSink::remember(const SharedDispatch& event) {
  if (!event->isTrack()) return;
  std::lock_guard lock(historyMutex_);
  if (history_.size() == config_.history_size) history_.pop_front();
  history_.push_back(event);
}

void HttpSink::deliver(const SharedDispatch& incoming) {
  SharedDispatch event = config_.events.apply(incoming);
  if (!event || !delay_.wait(*event)) return;
  auto chunk = std::make_shared<const std::string>(sseChunk(*event));
  published_.record(event, chunk);
  remember(event);
  if (streams_) streams_->broadcast(event->sequence, std::move(chunk), event->admitted);
}

void HttpSink::stop() noexcept {
  delay_.stop();
  if (streams_) streams_->stop();
}

void HttpSink::handle(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
  const std::string_view path = pathOf(request.getURI());
  if (request.hasContentLength() &&
      request.getContentLength64() > static_cast<Poco::Int64>(config_.max_request_bytes)) {
    responder_.sendError(request, response, HTTPResponse::HTTP_REQUEST_ENTITY_TOO_LARGE, "too_large",
                         fmt::format("request bodies are limited to {} bytes", config_.max_request_bytes));
    return;
  }
  const std::string& method = request.getMethod();
  if (method == HTTPRequest::HTTP_OPTIONS) {  // CORS preflight
    responder_.applyCors(request, response);
    response.set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
    response.set("Access-Control-Allow-Headers", "If-None-Match, Last-Event-ID");
    response.set("Access-Control-Max-Age", "86400");
    response.setStatus(HTTPResponse::HTTP_NO_CONTENT);
    response.setContentLength(0);
    response.send();
    return;
  }
  const bool known = path == "/" || path == "/v1/now-playing" || path == "/v1/history" ||
                     path == "/v1/events" || path == "/healthz" || path == "/readyz" ||
                     path == "/metrics";
  if (!known) {
    responder_.sendError(request, response, HTTPResponse::HTTP_NOT_FOUND, "not_found",
                         fmt::format("nothing is served at {}", path));
    return;
  }
  if (method != HTTPRequest::HTTP_GET && method != HTTPRequest::HTTP_HEAD) {
    response.set("Allow", "GET, HEAD, OPTIONS");
    responder_.sendError(request, response, HTTPResponse::HTTP_METHOD_NOT_ALLOWED,
                         "method_not_allowed", fmt::format("{} is read-only: use GET", path));
    return;
  }
  if (path == "/v1/now-playing") return nowPlaying(request, response);
  if (path == "/v1/history") return history(request, response);
  if (path == "/v1/events") return events(request, response);
  if (path == "/healthz") {
    return responder_.sendCacheable(request, response, R"({"status":"ok"})", "application/json", "no-store");
  }
  if (path == "/readyz") {
    if (!context_.hostReady()) {
      return responder_.sendError(request, response, HTTPResponse::HTTP_SERVICE_UNAVAILABLE,
                                  "not_ready", "airbridge is starting or stopping");
    }
    return responder_.sendCacheable(request, response, R"({"status":"ready"})", "application/json",
                                    "no-store");
  }
  if (path == "/metrics") {
    return responder_.sendCacheable(request, response, context_.metrics().render(),
                                    "text/plain; version=0.0.4", "no-store");
  }
  if (!config_.demo_page) {
    return responder_.sendError(request, response, HTTPResponse::HTTP_NOT_FOUND, "not_found",
                                "the demo page is turned off (demo_page: false)");
  }
  responder_.sendCacheable(request, response,
                           demoPage(context_.station().name, config_.demo_websocket_path),
                           "text/html; charset=utf-8", "no-cache");
}

void HttpSink::nowPlaying(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
  const auto state = published_.snapshot();
  const TrackEvent* track = state.now ? state.now->track() : nullptr;
  const std::string body = fmt::format(
      R"({{"seq":{},"now":{},"next":{},"program":{}}})", state.sequence,
      track ? toJson(*track, false) : "null", nextJson(track),
      state.program ? toJson(*state.program->program()) : "null");
  responder_.sendCacheable(request, response, body, "application/json", "no-cache");
}

void HttpSink::history(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
  Poco::Net::HTMLForm query(request);
  const auto limit = parseNumber(query.get("limit", "20"), 1, 500);
  if (!limit) {
    return responder_.sendError(request, response, HTTPResponse::HTTP_BAD_REQUEST, "bad_request",
                                "limit must be a whole number from 1 to 500");
  }
  std::optional<std::uint64_t> before;
  if (query.has("before")) {
    before = parseNumber(query.get("before"), 1, std::numeric_limits<std::int64_t>::max());
    if (!before) {
      return responder_.sendError(request, response, HTTPResponse::HTTP_BAD_REQUEST, "bad_request",
                                  "before must be the seq of a history item (a positive whole number)");
    }
  }
  std::string items;
  std::size_t count = 0;
  bool more = false;
  std::uint64_t last = 0;
  {
    std::lock_guard lock(historyMutex_);
    for (auto it = history_.rbegin(); it != history_.rend(); ++it) {
      if (before && (*it)->sequence >= *before) continue;
      if (count == *limit) {
        more = true;
        break;
      }
      if (count++) items += ',';
      items += fmt::format(R"({{"seq":{},"admitted_at":{},"track":{}}})", (*it)->sequence,
                           jsonQuote((*it)->admitted_at), toJson(*(*it)->track(), false));
      last = (*it)->sequence;
    }
  }
  const std::string body = fmt::format(R"({{"items":[{}],"next_before":{}}})", items,
                                       more ? std::to_string(last) : "null");
  responder_.sendCacheable(request, response, body, "application/json", "no-cache");
}

std::string HttpSink::readyChunk(const PublishedLog<SharedChunk>::Snapshot& state,
                                 bool resume_failed) const {
  const TrackEvent* track = state.now ? state.now->track() : nullptr;
  return fmt::format(
      "event: READY\ndata: {{\"seq\":{},\"now_playing\":{},\"next\":{},\"program\":{},\"resume_failed\":{}}}\n\n",
      state.sequence, track ? toJson(*track, false) : "null", nextJson(track),
      state.program ? toJson(*state.program->program()) : "null", resume_failed ? "true" : "false");
}

void HttpSink::events(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
  if (streamCount_.load() >= config_.sse_max_connections) {
    response.set("Retry-After", "5");
    return responder_.sendError(request, response, HTTPResponse::HTTP_SERVICE_UNAVAILABLE,
                                "too_many_connections",
                                fmt::format("at sse_max_connections ({})", config_.sse_max_connections));
  }
  // EventSource sends Last-Event-ID when it reconnects; ?last_event_id= serves other clients.
  Poco::Net::HTMLForm query(request);
  std::string lastId = request.get("Last-Event-ID", query.get("last_event_id", ""));

  responder_.applyCors(request, response);
  response.setContentType("text/event-stream; charset=utf-8");
  response.set("Cache-Control", "no-cache");
  response.set("X-Accel-Buffering", "no");  // nginx: do not buffer the stream
  if (request.getMethod() == HTTPRequest::HTTP_HEAD) {
    response.setContentLength(0);
    response.send();
    return;
  }
  response.send().flush();
  Poco::Net::StreamSocket socket = static_cast<Poco::Net::HTTPServerRequestImpl&>(request).detachSocket();
  const int fd = fcntl(socket.impl()->sockfd(), F_DUPFD_CLOEXEC, 0);  // ours; Poco closes its copy
  if (fd < 0) return;
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  streamGauge_.set(++streamCount_);
  streams_->adopt(fd, std::move(lastId));
}

SseStreamLoop::Greeting HttpSink::greetingFor(const std::string& last_event_id) const {
  SseStreamLoop::Greeting greeting;
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
