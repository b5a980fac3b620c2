#include "http/http_response_writer.hpp"

#include <airbridge/http_responder.hpp>

#include <fmt/format.h>

namespace airbridge::core {

std::string_view HttpDate::now() {
  const std::time_t second = std::time(nullptr);
  if (second != second_) {
    second_ = second;
    std::tm utc{};
    gmtime_r(&second, &utc);
    char buffer[64];
    const std::size_t size = std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S GMT", &utc);
    text_.assign(buffer, size);
  }
  return text_;
}

namespace {
bool mayHaveBody(int status) { return status >= 200 && status != 204 && status != 304; }
}  // namespace

void appendResponse(std::string& out, const HttpReply& reply, const ResponseFraming& framing) {
  const int status = reply.status();
  const auto into = std::back_inserter(out);
  fmt::format_to(into, "HTTP/1.1 {} {}\r\nDate: {}\r\n", status, reasonPhrase(status), framing.date);
  if (!reply.contentType().empty()) fmt::format_to(into, "Content-Type: {}\r\n", reply.contentType());
  for (const auto& [name, value] : reply.headers()) fmt::format_to(into, "{}: {}\r\n", name, value);
  const std::string_view body = reply.body();
  if (reply.takesOver()) {
    // The route keeps the connection: no length; a stream that is not an upgrade ends at close.
    if (status != 101) out += "Connection: close\r\n";
    out += "\r\n";
    return;
  }
  if (mayHaveBody(status)) fmt::format_to(into, "Content-Length: {}\r\n", body.size());
  if (framing.close) out += "Connection: close\r\n";
  else if (framing.keep_alive_1_0) out += "Connection: keep-alive\r\n";
  out += "\r\n";
  if (!framing.head_only && mayHaveBody(status)) out.append(body);
}

void appendRefusal(std::string& out, int status, std::string_view code, std::string_view message,
                   std::string_view date) {
  const std::string body = HttpResponder::errorBody(code, message);
  fmt::format_to(std::back_inserter(out),
                 "HTTP/1.1 {} {}\r\nDate: {}\r\nContent-Type: application/json\r\nCache-Control: "
                 "no-store\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
                 status, reasonPhrase(status), date, body.size(), body);
}

}  // namespace airbridge::core
