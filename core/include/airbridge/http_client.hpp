#pragma once
/// The outputs' HTTP(S) client (Icecast, webhooks, TuneIn): one request at a time from an
/// output's delivery thread, with one deadline for connecting, sending and each read, a cap on
/// the answer kept, and no redirects followed (a 3xx is an answer like any other, so a
/// misconfigured URL is reported rather than silently sent elsewhere). Poco's HTTPClientSession
/// and HTTPSClientSession (OpenSSL, the system's CA certificates) do the work: Poco is already
/// the host's network library, and libcurl would add a second one for the same job.

#include <airbridge/duration.hpp>
#include <airbridge/sdk_export.hpp>

#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace airbridge {

struct HttpClientRequest {
  std::string method = "GET";
  std::string url;  ///< http:// or https://, with the path and query already encoded
  std::vector<std::pair<std::string, std::string>> headers;
  std::string content_type;  ///< with a body
  std::string body;
  std::string user;  ///< Basic authentication when not empty
  std::string password;
  Duration timeout{5'000};
};

struct HttpClientResponse {
  int status = 0;
  std::string reason;
  std::string body;  ///< at most the cap given to fetch(); the rest is not read
};

/// Connecting, TLS, a timeout or a broken answer: the message says which, with the URL's host.
class AIRBRIDGE_SDK_API HttpClientError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Throws HttpClientError; any HTTP status (including 4xx, 5xx and 3xx) is a response.
AIRBRIDGE_SDK_API HttpClientResponse httpFetch(const HttpClientRequest& request,
                                               std::size_t max_body = 64 * 1024);

/// "http://user:secret@host/x?password=1" with the password and query values hidden, for logs.
AIRBRIDGE_SDK_API std::string urlForLog(const std::string& url);

/// Percent-encoding of one query value or path segment (RFC 3986 unreserved kept).
AIRBRIDGE_SDK_API std::string percentEncode(std::string_view text);

}  // namespace airbridge
