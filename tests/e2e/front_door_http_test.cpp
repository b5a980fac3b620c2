// HTTP/1.1 as the public port speaks it, byte for byte on the wire: keep-alive and its limits,
// reason phrases, JSON error bodies for what the front door refuses itself.

#include "support/http_rig.hpp"
#include "support/raw_connection.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

using namespace airbridge::testing;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using namespace std::chrono_literals;

namespace {
/// Sends `request` on a new connection and returns the whole answer (the server closes after it).
std::string exchange(int port, const std::string& request) {
  RawConnection connection(port);
  connection.send(request);
  connection.closedByServer(3s);
  return connection.received();
}
}  // namespace

TEST_CASE("front door http: several requests on one kept-alive connection, up to the cap",
          "[e2e][http]") {
  HttpRig rig("", "", "http:\n  max_requests_per_connection: 3\n");
  RawConnection connection(rig.port());
  for (int i = 1; i <= 3; ++i) {
    connection.forget();
    connection.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    const std::string answer = connection.readUntil("{\"status\":\"ok\"}");
    CHECK_THAT(answer, StartsWith("HTTP/1.1 200 OK\r\n") && Contains("Content-Length: 15\r\n"));
    if (i < 3) CHECK_THAT(answer, !Contains("Connection: close"));
    else CHECK_THAT(answer, Contains("Connection: close\r\n"));  // the third is the last
  }
  CHECK(connection.closedByServer(2s));
}

TEST_CASE("front door http: pipelined requests are answered in order", "[e2e][http]") {
  HttpRig rig;
  const std::string answer = exchange(
      rig.port(), "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /nothing-here HTTP/1.1\r\nHost: x\r\n\r\n"
                  "HEAD /v1/now-playing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  const auto first = answer.find("HTTP/1.1 200 OK");
  const auto second = answer.find("HTTP/1.1 404 Not Found");
  const auto third = answer.find("HTTP/1.1 200 OK", first + 1);
  CHECK(first == 0);
  CHECK(second != std::string::npos);
  CHECK(third != std::string::npos);
  CHECK(second < third);
  CHECK(answer.ends_with("\r\n\r\n"));  // HEAD: the headers only
}

TEST_CASE("front door http: HTTP/1.0 closes unless it asks for keep-alive", "[e2e][http]") {
  HttpRig rig;
  CHECK_THAT(exchange(rig.port(), "GET /healthz HTTP/1.0\r\n\r\n"),
             StartsWith("HTTP/1.1 200 OK\r\n") && Contains("Connection: close\r\n"));
  RawConnection kept(rig.port());
  kept.send("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  CHECK_THAT(kept.readUntil("}"), Contains("Connection: keep-alive\r\n"));
  kept.forget();
  kept.send("GET /healthz HTTP/1.0\r\n\r\n");
  CHECK_THAT(kept.readUntil("}"), StartsWith("HTTP/1.1 200 OK"));
}

TEST_CASE("front door http: what it refuses, with the reason phrase and a JSON body", "[e2e][http]") {
  HttpRig rig;
  struct Case {
    std::string request;
    std::string status_line;
    std::string code;
  };
  std::string manyHeaders = "GET /healthz HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 120; ++i) manyHeaders += fmt::format("X-{}: {}\r\n", i, i);
  const std::vector<Case> cases{
      {"GET /v1/history?limit=%zz HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP/1.1 400 Bad Request", "bad_query"},
      {manyHeaders + "\r\n", "HTTP/1.1 431 Request Header Fields Too Large", "too_many_headers"},
      {"GET / HTTP/1.1\r\nHost: x\r\nX: " + std::string(20000, 'a') + "\r\n\r\n",
       "HTTP/1.1 431 Request Header Fields Too Large", "head_too_large"},
      {"POST /v1/history HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabc",
       "HTTP/1.1 400 Bad Request", "bad_request"},
      {"POST /v1/history HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
       "HTTP/1.1 501 Not Implemented", "not_implemented"},
      {"GET / HTTP/2.0\r\n\r\n", "HTTP/1.1 505 HTTP Version Not Supported", "version_not_supported"},
      {"GET / HTTP/1.1\r\n\r\n", "HTTP/1.1 400 Bad Request", "bad_request"},  // no Host
      {"POST /v1/history HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n",
       "HTTP/1.1 405 Method Not Allowed", "method_not_allowed"},
      {"GET /v1/history?limit=0 HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP/1.1 400 Bad Request", "bad_request"},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.status_line << " for " << c.request.substr(0, 40)) {
      RawConnection connection(rig.port());
      connection.send(c.request);
      const std::string answer = connection.readUntil("\"}}");
      CHECK_THAT(answer, StartsWith(c.status_line + "\r\n"));
      CHECK_THAT(answer, Contains("Content-Type: application/json\r\n"));
      CHECK_THAT(answer, Contains(fmt::format("{{\"error\":{{\"code\":\"{}\",\"message\":", c.code)));
    }
  }
}
