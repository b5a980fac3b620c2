#pragma once
/// Answers the way every airbridge HTTP route answers: JSON bodies, JSON errors
/// {"error":{"code","message"}}, ETag + If-None-Match -> 304, CORS.

#include <airbridge/http_exchange.hpp>
#include <airbridge/sdk_export.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace airbridge {

class AIRBRIDGE_SDK_API HttpResponder {
 public:
  /// `cors_origins`: "*" or exact origins allowed to read answers; empty: no CORS headers.
  explicit HttpResponder(std::vector<std::string> cors_origins = {})
      : corsOrigins_(std::move(cors_origins)) {}

  /// CORS headers for the request's Origin, if allowed.
  void applyCors(const HttpRequest& request, HttpReply& reply) const;
  /// 200 with `body`, or 304 when If-None-Match names its ETag.
  void sendCacheable(const HttpRequest& request, HttpReply& reply, const PreparedBody& body,
                     std::string_view cache_control) const;
  /// The same for a body made for this request (its ETag is computed here).
  void sendCacheable(const HttpRequest& request, HttpReply& reply, std::string body,
                     std::string_view content_type, std::string_view cache_control) const;
  void sendError(const HttpRequest& request, HttpReply& reply, int status, std::string_view code,
                 std::string_view message) const;

  /// Bytes, ETag and type together, for a body answered many times.
  static PreparedBody prepare(std::string body, std::string content_type);
  /// A strong ETag for a body: FNV-1a 64, quoted.
  static std::string etagOf(std::string_view body);
  /// `{"error":{"code":...,"message":...}}`
  static std::string errorBody(std::string_view code, std::string_view message);
  /// Whether an If-None-Match header value names `etag` (weak comparison, as RFC 9110 asks).
  static bool matchesEtag(std::string_view if_none_match, std::string_view etag);

 private:
  std::vector<std::string> corsOrigins_;
};

}  // namespace airbridge
