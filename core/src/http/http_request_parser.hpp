#pragma once
// Reads one HTTP/1.x request (head and body) out of the bytes a connection has received so far.
// Pure: bytes in, a parsed request or a refusal out, no I/O, so it is tested and fuzzed on its
// own. Everything a client controls is capped here before a route sees it: head size, header
// count, query parameters, body size; a request that could be read two ways (two different
// Content-Lengths, Content-Length with Transfer-Encoding) is refused rather than guessed at.

#include <airbridge/http_exchange.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace airbridge::core {

struct RequestLimits {
  std::size_t max_head_bytes = 16 * 1024;
  std::size_t max_headers = 100;
  std::size_t max_query_params = 64;
  std::size_t max_body_bytes = 1024 * 1024;
};

/// Why a request is refused: the status and the JSON error body's code and message.
struct RequestRefusal {
  int status = 400;
  std::string_view code = "bad_request";
  std::string message;
};

class HttpRequestParser {
 public:
  explicit HttpRequestParser(RequestLimits limits) : limits_(limits) {}

  /// The path of an absolute-form target that has none (`GET http://host HTTP/1.1`): the one
  /// view that points outside the input.
  static constexpr std::string_view kRootPath = "/";

  enum class Result {
    need_more,  ///< the request is not whole yet
    complete,   ///< `request` is filled; `consumed()` bytes of the input belong to it
    refused,    ///< `refusal()` says why; the connection answers it and closes
  };

  /// Parses the request at the start of `input`. Call again with the same input grown by what
  /// arrived since; the parser remembers how far it looked for the end of the head, so a head
  /// sent a byte at a time costs linear time. `request`'s views point into `input` (and into
  /// this parser, for a chunked body): valid until the next parse() or reset().
  Result parse(std::string_view input, HttpRequest& request);
  /// For the next request on the connection, after the caller dropped `consumed()` bytes.
  void reset();

  std::size_t consumed() const { return consumed_; }
  /// Valid after `complete`: the client asked to keep the connection open (HTTP/1.1 default).
  bool keepAlive() const { return keepAlive_; }
  /// Valid after `need_more` once the head is whole: the client waits for 100 Continue.
  bool expectsContinue() const { return expectContinue_; }
  /// Whether the head is whole and only the body is awaited.
  bool inBody() const { return headBytes_ != 0; }
  const RequestRefusal& refusal() const { return refusal_; }

 private:
  Result refuse(int status, std::string_view code, std::string message);
  Result parseHead(std::string_view head, HttpRequest& request);
  Result parseRequestLine(std::string_view line, HttpRequest& request);
  Result parseHeaderLine(std::string_view line, HttpRequest& request);
  Result parseQuery(std::string_view query, HttpRequest& request);
  Result checkFraming(HttpRequest& request);
  Result readBody(std::string_view input, HttpRequest& request);
  Result readChunkedBody(std::string_view input, HttpRequest& request);

  const RequestLimits limits_;
  std::size_t searched_ = 0;   // bytes already searched for the blank line that ends the head
  std::size_t headBytes_ = 0;  // 0 until the head is whole
  std::size_t bodyLength_ = 0;
  bool chunked_ = false;
  bool keepAlive_ = true;
  bool expectContinue_ = false;
  std::size_t consumed_ = 0;
  std::string chunkedBody_;
  RequestRefusal refusal_;
};

}  // namespace airbridge::core
