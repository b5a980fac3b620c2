#include "http_push_source.hpp"

#include "push_request_reader.hpp"

#include <airbridge/shared_secret.hpp>

#include <fmt/format.h>

namespace airbridge::http_push {

HttpPushSource::HttpPushSource(HttpPushConfig config, const ConfigSection& section, PluginContext& context)
    : config_(std::move(config)),
      context_(context),
      outcomes_(context.metrics(), "airbridge_push_requests_total", "Pushes received by an http_push source, by outcome",
                fmt::format("source=\"{}\"", context.instanceName()), "result"),
      published_(outcomes_.with("published")),
      duplicates_(outcomes_.with("duplicate")),
      unauthorized_(outcomes_.with("unauthorized")),
      unreadable_(outcomes_.with("unreadable")) {
  // Claimed at config time, so a clash with another route is a config error.
  context.http().claim(section, "path", config_.listen, config_.path, *this);
}

void HttpPushSource::start() {
  accepting_.store(true);
  const SocketAddress bound = context_.http().boundAddress(config_.listen);
  context_.log().info("accepting pushes on http://{}{}{}{}", bound.toString(), config_.path,
                      config_.secret.empty() ? "" : " (with the secret)",
                      config_.allow.empty() ? "" : " from the allowed addresses");
}

std::optional<std::string> HttpPushSource::refusedSecret(const HttpRequest& request) const {
  if (config_.secret.empty()) return std::nullopt;  // allow: alone guards it
  if (const auto given = secretOf(request)) {
    if (sameSecret(*given, config_.secret)) return std::nullopt;
    return "the secret is wrong";
  }
  if (const std::string* inQuery = request.queryValue(kQuerySecretName)) {
    if (!config_.allow_query_secret) {
      return "a secret in the URL is refused (URLs end up in logs); send it as Authorization: "
             "Bearer <secret>, or set allow_query_secret: true for a system that can only fill in a URL";
    }
    if (sameSecret(*inQuery, config_.secret)) return std::nullopt;
    return "the secret is wrong";
  }
  return "send the source's secret as Authorization: Bearer <secret> (or X-Airbridge-Secret)";
}

void HttpPushSource::warnOnce(std::chrono::steady_clock::time_point& last, const std::string& message) {
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  if (now - last < std::chrono::minutes{1}) return;
  last = now;
  context_.log().warning("{} (said at most once a minute)", message);
}

void HttpPushSource::handle(const HttpRequest& request, HttpReply& reply) {
  if (!config_.allow.allows(request.client_ip)) {
    unauthorized_.add();
    activity_.heard(request.client_ip, "forbidden");
    return responder_.sendError(request, reply, 403, "forbidden",
                                "this address may not push to the source (see allow:)");
  }
  if (const auto refused = refusedSecret(request)) {
    unauthorized_.add();
    activity_.heard(request.client_ip, "unauthorized");
    warnOnce(lastAuthWarning_, fmt::format("push from {} refused: {}", request.client_ip, *refused));
    reply.set("WWW-Authenticate", "Bearer realm=\"airbridge push\"");
    return responder_.sendError(request, reply, 401, "unauthorized", *refused + "; nothing was published");
  }
  if (request.method != "GET" && request.method != "POST") {
    reply.set("Allow", "GET, POST");
    return responder_.sendError(request, reply, 405, "method_not_allowed", "push with GET or POST");
  }
  if (!accepting_.load()) {
    return responder_.sendError(request, reply, 503, "unavailable", "the source is not running");
  }
  PushRefusal refusal;
  const auto fields = readPushedFields(request, config_.format, refusal);
  std::string problem;
  std::optional<TrackEvent> event;
  if (fields) event = mapTrack(*fields, config_.mapping, problem);
  if (!event) {
    unreadable_.add();
    activity_.heard(request.client_ip, "unreadable");
    const std::string message = fields ? problem : refusal.message;
    warnOnce(lastBodyWarning_, fmt::format("push from {} not published: {}", request.client_ip, message));
    return responder_.sendError(request, reply, fields ? 400 : refusal.status,
                                fields ? "unmapped" : "unreadable", message);
  }
  event->source = context_.instanceName();
  if (!event->id.empty()) event->id = fmt::format("http_push:{}:{}", context_.instanceName(), event->id);
  {
    std::lock_guard lock(mutex_);
    stamp_.stamp(*event, std::chrono::system_clock::now());
  }
  const bool fresh = context_.publisher().publish(std::move(*event));
  (fresh ? published_ : duplicates_).add();
  activity_.heard(request.client_ip, fresh ? "published" : "duplicate or held");
  reply.setBody("application/json", fmt::format(R"({{"accepted":true,"published":{}}})", fresh ? "true" : "false"));
}

}  // namespace airbridge::http_push
