// libFuzzer target: arbitrary bytes, arriving in arbitrary pieces, through the front door's
// request parser, as a keep-alive connection feeds it (pipelined requests one after another).
// Nothing may crash, leak or hang; every request is either complete (and its views lie inside
// the input) or refused with a status the front door can answer.

#include "http/http_request_parser.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

namespace {
// The path the parser gives an absolute-form target without one ("GET http://host HTTP/1.1").
const std::string_view kRootPath = airbridge::core::HttpRequestParser::kRootPath;

void requireInside(std::string_view part, const std::string& input, std::string_view body_owner) {
  if (part.empty() || part == kRootPath) return;
  const bool inInput = part.data() >= input.data() && part.data() + part.size() <= input.data() + input.size();
  const bool inBody = part.data() >= body_owner.data() && part.data() + part.size() <= body_owner.data() + body_owner.size();
  if (!inInput && !inBody) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t chunk = 1 + data[0] % 64;  // the first byte picks the read size
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  airbridge::core::RequestLimits limits;
  limits.max_head_bytes = 2048;
  limits.max_headers = 16;
  limits.max_body_bytes = 4096;
  airbridge::core::HttpRequestParser parser(limits);
  airbridge::HttpRequest request;
  std::string input;
  for (std::size_t at = 0; at < bytes.size(); at += chunk) {
    input.append(bytes.substr(at, chunk));
    while (!input.empty()) {
      const auto result = parser.parse(input, request);
      if (result == airbridge::core::HttpRequestParser::Result::need_more) break;
      if (result == airbridge::core::HttpRequestParser::Result::refused) {
        const int status = parser.refusal().status;
        if (status < 400 || status > 599) std::abort();
        return 0;  // the connection would answer and close
      }
      requireInside(request.method, input, request.body);
      requireInside(request.path, input, request.body);
      for (const auto& header : request.headers) requireInside(header.value, input, request.body);
      if (parser.consumed() == 0 || parser.consumed() > input.size()) std::abort();
      input.erase(0, parser.consumed());
      parser.reset();
    }
  }
  return 0;
}
