#pragma once
/// Answers the way every airbridge HTTP route answers: JSON bodies, JSON errors
/// {"error":{"code","message"}}, ETag + If-None-Match -> 304, HEAD without a body, CORS.

#include <airbridge/sdk_export.hpp>

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

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
  void applyCors(const Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) const;
  /// 200 with `body`, or 304 when If-None-Match names its ETag; no body for HEAD.
  void sendCacheable(const Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
                     const std::string& body, std::string_view content_type,
                     std::string_view cache_control) const;
  void sendError(const Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
                 Poco::Net::HTTPResponse::HTTPStatus status, std::string_view code,
                 std::string_view message) const;

  /// A strong ETag for a body: FNV-1a 64, quoted.
  static std::string etagOf(std::string_view body);
  /// `{"error":{"code":...,"message":...}}`
  static std::string errorBody(std::string_view code, std::string_view message);

 private:
  std::vector<std::string> corsOrigins_;
};

}  // namespace airbridge
