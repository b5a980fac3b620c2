#include <airbridge/http_responder.hpp>

#include <airbridge/track_event.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace airbridge {

std::string HttpResponder::errorBody(std::string_view code, std::string_view message) {
  return fmt::format(R"({{"error":{{"code":{},"message":{}}}}})", jsonQuote(code), jsonQuote(message));
}

std::string HttpResponder::etagOf(std::string_view body) {
  std::uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : body) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return fmt::format("\"{:016x}\"", hash);
}

PreparedBody HttpResponder::prepare(std::string body, std::string content_type) {
  PreparedBody prepared;
  prepared.etag = etagOf(body);
  prepared.bytes = std::make_shared<const std::string>(std::move(body));
  prepared.content_type = std::move(content_type);
  return prepared;
}

bool HttpResponder::matchesEtag(std::string_view if_none_match, std::string_view etag) {
  while (!if_none_match.empty()) {
    const std::size_t comma = if_none_match.find(',');
    std::string_view candidate = if_none_match.substr(0, comma);
    while (!candidate.empty() && (candidate.front() == ' ' || candidate.front() == '\t')) candidate.remove_prefix(1);
    while (!candidate.empty() && (candidate.back() == ' ' || candidate.back() == '\t')) candidate.remove_suffix(1);
    if (candidate.starts_with("W/")) candidate.remove_prefix(2);
    if (candidate == etag || candidate == "*") return true;
    if (comma == std::string_view::npos) break;
    if_none_match.remove_prefix(comma + 1);
  }
  return false;
}

void HttpResponder::applyCors(const HttpRequest& request, HttpReply& reply) const {
  if (corsOrigins_.empty()) return;
  const auto origin = request.header("Origin");
  if (!origin) return;
  const bool any = std::find(corsOrigins_.begin(), corsOrigins_.end(), "*") != corsOrigins_.end();
  if (!any && std::find(corsOrigins_.begin(), corsOrigins_.end(), *origin) == corsOrigins_.end()) return;
  reply.set("Access-Control-Allow-Origin", any ? "*" : std::string(*origin));
  if (!any) reply.set("Vary", "Origin");
  reply.set("Access-Control-Expose-Headers", "ETag");
}

void HttpResponder::sendCacheable(const HttpRequest& request, HttpReply& reply,
                                  const PreparedBody& body, std::string_view cache_control) const {
  applyCors(request, reply);
  reply.set("ETag", body.etag);
  reply.set("Cache-Control", std::string(cache_control));
  if (const auto ifNoneMatch = request.header("If-None-Match");
      ifNoneMatch && matchesEtag(*ifNoneMatch, body.etag)) {
    reply.setStatus(304);
    return;
  }
  reply.setStatus(200);
  reply.setBody(body.content_type, body.bytes);
}

void HttpResponder::sendCacheable(const HttpRequest& request, HttpReply& reply, std::string body,
                                  std::string_view content_type, std::string_view cache_control) const {
  sendCacheable(request, reply, prepare(std::move(body), std::string(content_type)), cache_control);
}

void HttpResponder::sendError(const HttpRequest& request, HttpReply& reply, int status,
                              std::string_view code, std::string_view message) const {
  applyCors(request, reply);
  reply.setStatus(status);
  reply.set("Cache-Control", "no-store");
  reply.setBody("application/json", errorBody(code, message));
}

}  // namespace airbridge
