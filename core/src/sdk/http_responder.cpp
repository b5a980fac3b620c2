#include <airbridge/http_responder.hpp>

#include <airbridge/track_event.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <sstream>

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

void HttpResponder::applyCors(const Poco::Net::HTTPServerRequest& request,
                              Poco::Net::HTTPServerResponse& response) const {
  if (corsOrigins_.empty() || !request.has("Origin")) return;
  const std::string origin = request.get("Origin");
  const bool any = std::find(corsOrigins_.begin(), corsOrigins_.end(), "*") != corsOrigins_.end();
  if (!any && std::find(corsOrigins_.begin(), corsOrigins_.end(), origin) == corsOrigins_.end()) return;
  response.set("Access-Control-Allow-Origin", any ? "*" : origin);
  if (!any) response.set("Vary", "Origin");
  response.set("Access-Control-Expose-Headers", "ETag");
}

void HttpResponder::sendCacheable(const Poco::Net::HTTPServerRequest& request,
                                  Poco::Net::HTTPServerResponse& response, const std::string& body,
                                  std::string_view content_type, std::string_view cache_control) const {
  applyCors(request, response);
  const std::string etag = etagOf(body);
  response.set("ETag", etag);
  response.set("Cache-Control", std::string(cache_control));
  const std::string ifNoneMatch = request.get("If-None-Match", "");
  std::istringstream candidates(ifNoneMatch);
  for (std::string candidate; std::getline(candidates, candidate, ',');) {
    candidate.erase(0, candidate.find_first_not_of(" \t"));
    candidate.erase(candidate.find_last_not_of(" \t") + 1);
    if (candidate.starts_with("W/")) candidate.erase(0, 2);  // weak comparison, as RFC 9110 asks
    if (candidate == etag || candidate == "*") {
      response.setStatus(Poco::Net::HTTPResponse::HTTP_NOT_MODIFIED);
      response.setContentLength(0);
      response.send();
      return;
    }
  }
  response.setContentType(std::string(content_type));
  response.setContentLength(static_cast<std::streamsize>(body.size()));
  if (request.getMethod() == Poco::Net::HTTPRequest::HTTP_HEAD) {
    response.send();
  } else {
    response.send() << body;
  }
}

void HttpResponder::sendError(const Poco::Net::HTTPServerRequest& request,
                              Poco::Net::HTTPServerResponse& response,
                              Poco::Net::HTTPResponse::HTTPStatus status, std::string_view code,
                              std::string_view message) const {
  applyCors(request, response);
  const std::string body = errorBody(code, message);
  response.setStatus(status);
  response.set("Cache-Control", "no-store");
  response.setContentType("application/json");
  response.setContentLength(static_cast<std::streamsize>(body.size()));
  if (request.getMethod() == Poco::Net::HTTPRequest::HTTP_HEAD) {
    response.send();
  } else {
    response.send() << body;
  }
}

}  // namespace airbridge
