#pragma once
/// One HTTP request and its answer, as the host's front door hands them to a plugin's route.
///
/// The host reads and checks the request head itself (one deadline for the whole head, caps on
/// its size and header count, a valid request line, a well-formed query) before any plugin sees
/// it, so a route only ever gets a complete, parsed request. The views in HttpRequest point into
/// the connection's input buffer: they are valid during HttpEndpoint::handle() only.
///
/// A route answers by filling HttpReply. The host adds Content-Length, Date and Connection,
/// drops the body of a HEAD answer, and writes the bytes without blocking. A route that keeps
/// the connection (a WebSocket upgrade, an event stream) calls takeOver(): the host writes the
/// head, then gives the socket away.

#include <airbridge/sdk_export.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace airbridge {

/// "OK", "Not Found", "Request Header Fields Too Large"...: RFC 9110's reason phrase for a
/// status, "Unknown" for a status it does not name.
AIRBRIDGE_SDK_API std::string_view reasonPhrase(int status);

/// Case-insensitive ASCII comparison, as header names and tokens compare.
AIRBRIDGE_SDK_API bool equalsIgnoringCase(std::string_view a, std::string_view b);
/// Whether a comma-separated header value (`Connection: keep-alive, Upgrade`) holds `token`.
AIRBRIDGE_SDK_API bool headerHasToken(std::string_view value, std::string_view token);

struct HttpHeader {
  std::string_view name;
  std::string_view value;  ///< without surrounding spaces
};

struct AIRBRIDGE_SDK_API HttpRequest {
  std::string_view method;   ///< "GET", "HEAD", "POST"...
  std::string_view target;   ///< as sent: "/v1/history?limit=5"
  std::string_view path;     ///< the target up to '?' (not decoded)
  int version_minor = 1;     ///< HTTP/1.0 or HTTP/1.1
  std::vector<HttpHeader> headers;
  std::vector<std::pair<std::string, std::string>> query;  ///< decoded name=value pairs, in order
  std::string_view body;     ///< a request body (Content-Length or chunked), already whole
  /// The client: the peer address, or the address a trusted proxy forwarded (http.trusted_proxies).
  std::string client_ip;

  /// The first header of that name, or nullopt.
  std::optional<std::string_view> header(std::string_view name) const;
  std::string_view header(std::string_view name, std::string_view fallback) const;
  /// The first query parameter of that name, or nullopt.
  const std::string* queryValue(std::string_view name) const;
  bool isHead() const { return method == "HEAD"; }
};

/// Stops counting a connection against its client's address when the connection ends. The host
/// hands one over with every connection a route takes; keep it for as long as the socket is open.
/// One pointer: it sits in every WebSocket client's record, so it is kept small.
class ConnectionLease {
 public:
  /// What a lease gives back to when it ends (the host's count for one address).
  class Holder {
   public:
    virtual void release() noexcept = 0;

   protected:
    ~Holder() = default;
  };

  ConnectionLease() = default;
  explicit ConnectionLease(Holder* holder) : holder_(holder) {}
  ConnectionLease(ConnectionLease&& other) noexcept : holder_(std::exchange(other.holder_, nullptr)) {}
  ConnectionLease& operator=(ConnectionLease&& other) noexcept {
    if (this != &other) {
      reset();
      holder_ = std::exchange(other.holder_, nullptr);
    }
    return *this;
  }
  ConnectionLease(const ConnectionLease&) = delete;
  ConnectionLease& operator=(const ConnectionLease&) = delete;
  ~ConnectionLease() { reset(); }
  void reset() noexcept {
    if (Holder* holder = std::exchange(holder_, nullptr)) holder->release();
  }

 private:
  Holder* holder_ = nullptr;
};

/// A connection a route took over, after the host wrote the answer's head.
struct TakenConnection {
  int fd = -1;            ///< non-blocking, close-on-exec, owned by the receiver
  std::string unread;     ///< bytes the client sent past the request (a first WebSocket frame)
  std::string client_ip;  ///< as HttpRequest::client_ip
  ConnectionLease lease;  ///< keep while the socket is open
};

/// Bytes prepared once (when the state they show changed) and answered many times.
struct PreparedBody {
  std::shared_ptr<const std::string> bytes;
  std::string etag;  ///< strong, quoted
  std::string content_type;
};

class AIRBRIDGE_SDK_API HttpReply {
 public:
  using TakeOver = std::function<void(TakenConnection)>;

  void setStatus(int status) { status_ = status; }
  /// Adds a header; Content-Length, Date and Connection are the host's.
  void set(std::string name, std::string value) { headers_.emplace_back(std::move(name), std::move(value)); }
  void setBody(std::string content_type, std::string body);
  /// Shares prepared bytes instead of copying them.
  void setBody(std::string content_type, std::shared_ptr<const std::string> body);
  /// After the head (status and headers, no Content-Length) is written, `take` runs on the
  /// host's loop thread with the connection; it must return quickly (post the fd to a loop).
  void takeOver(TakeOver take) { takeOver_ = std::move(take); }

  int status() const { return status_; }
  const std::vector<std::pair<std::string, std::string>>& headers() const { return headers_; }
  const std::string& contentType() const { return contentType_; }
  std::string_view body() const { return shared_ ? std::string_view(*shared_) : std::string_view(body_); }
  bool takesOver() const { return static_cast<bool>(takeOver_); }
  TakeOver& takeOverCallback() { return takeOver_; }
  /// Empties the reply for the next request on the same connection (keeps allocated capacity).
  void clear();

 private:
  int status_ = 200;
  std::vector<std::pair<std::string, std::string>> headers_;
  std::string contentType_;
  std::string body_;
  std::shared_ptr<const std::string> shared_;
  TakeOver takeOver_;
};

}  // namespace airbridge
