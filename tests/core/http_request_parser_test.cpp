#include "http/http_request_parser.hpp"

#include <catch2/catch.hpp>

#include <string>

using airbridge::HttpRequest;
using airbridge::core::HttpRequestParser;
using airbridge::core::RequestLimits;
using Result = HttpRequestParser::Result;

namespace {

Result parseAll(HttpRequestParser& parser, const std::string& input, HttpRequest& request) {
  return parser.parse(input, request);
}

int refusedWith(const std::string& input, RequestLimits limits = {}) {
  HttpRequestParser parser(limits);
  HttpRequest request;
  if (parser.parse(input, request) != Result::refused) return 0;
  return parser.refusal().status;
}

}  // namespace

TEST_CASE("a simple GET is parsed with its path, query and headers") {
  HttpRequestParser parser({});
  HttpRequest request;
  const std::string input = "GET /v1/history?limit=5&before=%31%32&x=a+b HTTP/1.1\r\nHost: a\r\nIf-None-Match:  \"x\" \r\n\r\n";
  REQUIRE(parseAll(parser, input, request) == Result::complete);
  CHECK(request.method == "GET");
  CHECK(request.path == "/v1/history");
  CHECK(request.version_minor == 1);
  REQUIRE(request.queryValue("limit"));
  CHECK(*request.queryValue("limit") == "5");
  CHECK(*request.queryValue("before") == "12");
  CHECK(*request.queryValue("x") == "a b");
  CHECK(request.header("if-none-match").value() == "\"x\"");
  CHECK(parser.consumed() == input.size());
  CHECK(parser.keepAlive());
}

TEST_CASE("a head that arrives a byte at a time completes once, at its last byte") {
  const std::string input = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
  HttpRequestParser parser({});
  HttpRequest request;
  for (std::size_t i = 1; i < input.size(); ++i) {
    REQUIRE(parser.parse(std::string_view(input).substr(0, i), request) == Result::need_more);
  }
  CHECK(parser.parse(input, request) == Result::complete);
}

TEST_CASE("an empty or malformed request line is refused before the head is whole") {
  CHECK(refusedWith("\n\n") == 400);
  CHECK(refusedWith("\r\n\r\n") == 400);
  CHECK(refusedWith("garbage\r\n") == 400);
  CHECK(refusedWith("GET / HTTP/2.0\r\n") == 505);
  CHECK(refusedWith("GET /a b HTTP/1.1\r\n") == 400);
  CHECK(refusedWith("GET nopath HTTP/1.1\r\n") == 400);
  // one stray empty line before a request is allowed (RFC 9112 §2.2)
  CHECK(refusedWith("\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n") == 0);
}

TEST_CASE("heads over the caps get 431, bad queries 400, ambiguous framing 400 or 501") {
  RequestLimits small;
  small.max_head_bytes = 1024;
  small.max_headers = 4;
  CHECK(refusedWith("GET / HTTP/1.1\r\nHost: a\r\nX: " + std::string(2000, 'a'), small) == 431);
  CHECK(refusedWith("GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 1\r\nC: 1\r\nD: 1\r\n\r\n", small) == 431);
  CHECK(refusedWith("GET /?a=%zz HTTP/1.1\r\nHost: a\r\n\r\n") == 400);
  CHECK(refusedWith("GET /?a=%4 HTTP/1.1\r\nHost: a\r\n\r\n") == 400);
  std::string many = "GET /?";
  for (int i = 0; i < 65; ++i) {
    many += 'p';
    many += std::to_string(i);
    many += "=1&";
  }
  CHECK(refusedWith(many + " HTTP/1.1\r\nHost: a\r\n\r\n") == 400);
  CHECK(refusedWith("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n") == 400);
  CHECK(refusedWith("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n") == 400);
  CHECK(refusedWith("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n") == 501);
  CHECK(refusedWith("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n") == 400);
  CHECK(refusedWith("GET / HTTP/1.1\r\n\r\n") == 400);  // no Host
  CHECK(refusedWith("GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n") == 400);
  CHECK(refusedWith("GET / HTTP/1.1\r\nHost: a\r\nBad Name: x\r\n\r\n") == 400);
  RequestLimits tinyBody;
  tinyBody.max_body_bytes = 10;
  CHECK(refusedWith("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n", tinyBody) == 413);
}

TEST_CASE("bodies by Content-Length and chunked, and pipelined requests one after another") {
  HttpRequestParser parser({});
  HttpRequest request;
  const std::string first = "POST /in HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello";
  const std::string second = "POST /in HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n";
  std::string input = first + second;
  REQUIRE(parser.parse(std::string_view(input).substr(0, first.size() - 1), request) == Result::need_more);
  CHECK(parser.inBody());
  REQUIRE(parser.parse(input, request) == Result::complete);
  CHECK(request.body == "hello");
  input.erase(0, parser.consumed());
  parser.reset();
  REQUIRE(parser.parse(input, request) == Result::complete);
  CHECK(request.body == "abcde");
  CHECK(parser.consumed() == input.size());
}

TEST_CASE("Connection and Expect are read for the connection's framing") {
  HttpRequestParser parser({});
  HttpRequest request;
  REQUIRE(parser.parse("GET / HTTP/1.0\r\n\r\n", request) == Result::complete);
  CHECK_FALSE(parser.keepAlive());
  parser.reset();
  REQUIRE(parser.parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", request) == Result::complete);
  CHECK(parser.keepAlive());
  parser.reset();
  REQUIRE(parser.parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", request) == Result::complete);
  CHECK_FALSE(parser.keepAlive());
  parser.reset();
  REQUIRE(parser.parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n", request) ==
          Result::need_more);
  CHECK(parser.expectsContinue());
}
