#pragma once
// Turns a route's HttpReply (or a refusal of the front door) into the bytes of an HTTP/1.1
// response: status line with its reason phrase, Date, Content-Length, Connection.

#include "http/http_request_parser.hpp"

#include <airbridge/http_exchange.hpp>

#include <ctime>
#include <string>

namespace airbridge::core {

/// The Date header's value, formatted once a second rather than once a response.
class HttpDate {
 public:
  std::string_view now();

 private:
  std::time_t second_ = 0;
  std::string text_;
};

struct ResponseFraming {
  bool head_only = false;   ///< HEAD: headers (with the body's length) but no body
  bool close = false;       ///< Connection: close, and the connection ends after this
  bool keep_alive_1_0 = false;  ///< an HTTP/1.0 client asked for keep-alive: say it is kept
  std::string_view date;
};

void appendResponse(std::string& out, const HttpReply& reply, const ResponseFraming& framing);
/// A JSON error answer for a request the front door refused (always Connection: close).
void appendRefusal(std::string& out, int status, std::string_view code, std::string_view message,
                   std::string_view date);

}  // namespace airbridge::core
