#include "http/http_request_parser.hpp"

#include <airbridge/form_encoding.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace airbridge::core {
namespace {

bool isTokenChar(unsigned char c) {
  // RFC 9110 tchar
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

bool isToken(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char c) { return isTokenChar(c); });
}

/// Visible ASCII only: no spaces, no control bytes, nothing past 0x7E.
bool isTargetChar(unsigned char c) { return c > 0x20 && c < 0x7F; }

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

/// What a client controls, quoted into a message: short and printable.
std::string shown(std::string_view text) {
  std::string out;
  for (unsigned char c : text.substr(0, 40)) out += (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') ? static_cast<char>(c) : '?';
  if (text.size() > 40) out += "...";
  return out;
}

/// The position just past the blank line that ends a head, or npos. Lines end in CRLF or, as
/// RFC 9112 §2.2 lets a recipient accept, a bare LF.
std::size_t endOfHead(std::string_view input, std::size_t from) {
  for (std::size_t i = input.find('\n', from); i != std::string_view::npos; i = input.find('\n', i + 1)) {
    if (i + 1 < input.size() && input[i + 1] == '\n') return i + 2;
    if (i + 2 < input.size() && input[i + 1] == '\r' && input[i + 2] == '\n') return i + 3;
  }
  return std::string_view::npos;
}

/// The length of the one empty line allowed before a request line (0, 1 or 2 bytes).
std::size_t leadingEmptyLine(std::string_view input) {
  return input.starts_with("\r\n") ? 2 : input.starts_with("\n") ? 1 : 0;
}

}  // namespace

HttpRequestParser::Result HttpRequestParser::refuse(int status, std::string_view code, std::string message) {
  refusal_ = RequestRefusal{status, code, std::move(message)};
  return Result::refused;
}

void HttpRequestParser::reset() {
  searched_ = 0;
  headBytes_ = 0;
  bodyLength_ = 0;
  chunked_ = false;
  keepAlive_ = true;
  expectContinue_ = false;
  consumed_ = 0;
  chunkedBody_.clear();
  if (chunkedBody_.capacity() > 64 * 1024) chunkedBody_.shrink_to_fit();
}

HttpRequestParser::Result HttpRequestParser::parse(std::string_view input, HttpRequest& request) {
  if (headBytes_ == 0) {
    // RFC 9112 §2.2: one empty line before a request line is ignored (a stray CRLF after a
    // body); a second one is an empty request line, refused below.
    const std::size_t start = leadingEmptyLine(input);
    // The blank line may have begun in the bytes already searched: look again from 2 before.
    const std::size_t end = endOfHead(input, std::max(start, searched_ >= 2 ? searched_ - 2 : 0));
    if (end == std::string_view::npos) {
      if (input.size() > limits_.max_head_bytes) {
        return refuse(431, "head_too_large",
                      fmt::format("the request head is over {} bytes (http.max_header_bytes)", limits_.max_head_bytes));
      }
      // A request line that is already wrong (empty, malformed) is refused without waiting.
      if (const std::size_t newline = input.find('\n', start); newline != std::string_view::npos) {
        std::string_view line = input.substr(start, newline - start);
        if (line.ends_with('\r')) line.remove_suffix(1);
        HttpRequest scratch;
        if (parseRequestLine(line, scratch) == Result::refused) return Result::refused;
      }
      searched_ = input.size();
      return Result::need_more;
    }
    if (end > limits_.max_head_bytes) {
      return refuse(431, "head_too_large",
                    fmt::format("the request head is over {} bytes (http.max_header_bytes)", limits_.max_head_bytes));
    }
    headBytes_ = end;
  }
  // The head is whole. It is parsed again on every call while the body arrives, because the
  // caller's buffer may have moved since (the views must point into this input).
  // Emptied, not replaced: a kept-alive connection reuses the vectors' capacity.
  request.headers.clear();
  request.query.clear();
  request.body = {};
  request.method = request.target = request.path = {};
  const std::size_t start = leadingEmptyLine(input);
  if (const Result head = parseHead(input.substr(start, headBytes_ - start), request); head != Result::complete) {
    headBytes_ = 0;
    return head;
  }
  return readBody(input, request);
}

HttpRequestParser::Result HttpRequestParser::parseHead(std::string_view head, HttpRequest& request) {
  bool first = true;
  std::size_t count = 0;
  while (!head.empty()) {
    const std::size_t newline = head.find('\n');
    std::string_view line = head.substr(0, newline);
    head.remove_prefix(newline == std::string_view::npos ? head.size() : newline + 1);
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (first) {
      if (const Result result = parseRequestLine(line, request); result != Result::complete) return result;
      first = false;
      continue;
    }
    if (line.empty()) break;  // the blank line that ends the head
    if (++count > limits_.max_headers) {
      return refuse(431, "too_many_headers",
                    fmt::format("the request has more than {} header fields", limits_.max_headers));
    }
    if (const Result result = parseHeaderLine(line, request); result != Result::complete) return result;
  }
  return checkFraming(request);
}

HttpRequestParser::Result HttpRequestParser::parseRequestLine(std::string_view line, HttpRequest& request) {
  if (line.empty()) return refuse(400, "bad_request", "the request line is empty");
  const std::size_t firstSpace = line.find(' ');
  const std::size_t lastSpace = line.rfind(' ');
  if (firstSpace == std::string_view::npos || firstSpace == lastSpace) {
    return refuse(400, "bad_request", fmt::format("'{}' is not a request line (METHOD /path HTTP/1.1)", shown(line)));
  }
  request.method = line.substr(0, firstSpace);
  request.target = line.substr(firstSpace + 1, lastSpace - firstSpace - 1);
  const std::string_view version = line.substr(lastSpace + 1);
  if (!isToken(request.method)) return refuse(400, "bad_request", fmt::format("'{}' is not a method", shown(request.method)));
  if (request.target.empty() ||
      !std::all_of(request.target.begin(), request.target.end(), [](unsigned char c) { return isTargetChar(c); })) {
    return refuse(400, "bad_request", "the request target is empty or holds spaces or control bytes");
  }
  if (version.size() != 8 || !version.starts_with("HTTP/")) {
    return refuse(400, "bad_request", fmt::format("'{}' is not an HTTP version", shown(version)));
  }
  if (version[5] != '1' || version[6] != '.' || (version[7] != '0' && version[7] != '1')) {
    return refuse(505, "version_not_supported", "this server speaks HTTP/1.0 and HTTP/1.1");
  }
  request.version_minor = version[7] - '0';
  std::string_view target = request.target;
  if (target.starts_with("http://") || target.starts_with("https://")) {
    // absolute-form, as a proxy may send: the path starts after the authority
    const std::size_t authority = target.find("//") + 2;
    const std::size_t slash = target.find_first_of("/?", authority);
    target = slash == std::string_view::npos ? kRootPath : target.substr(slash);
    if (target.starts_with('?')) return refuse(400, "bad_request", "the request target has no path");
  } else if (target != "*" && !target.starts_with('/')) {
    return refuse(400, "bad_request", "the request target must start with '/'");
  }
  target = target.substr(0, target.find('#'));
  const std::size_t question = target.find('?');
  request.path = target.substr(0, question);
  if (question != std::string_view::npos) return parseQuery(target.substr(question + 1), request);
  return Result::complete;
}

HttpRequestParser::Result HttpRequestParser::parseQuery(std::string_view query, HttpRequest& request) {
  std::string why;
  auto pairs = decodeForm(query, limits_.max_query_params, why);
  if (!pairs) return refuse(400, "bad_query", fmt::format("bad query: {}", why));
  request.query = std::move(*pairs);
  return Result::complete;
}

HttpRequestParser::Result HttpRequestParser::parseHeaderLine(std::string_view line, HttpRequest& request) {
  if (line.front() == ' ' || line.front() == '\t') {
    return refuse(400, "bad_request", "folded header lines (obs-fold) are not accepted");
  }
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos || !isToken(line.substr(0, colon))) {
    return refuse(400, "bad_request", fmt::format("'{}' is not a header field (Name: value)", shown(line)));
  }
  const std::string_view value = trimmed(line.substr(colon + 1));
  if (std::any_of(value.begin(), value.end(), [](unsigned char c) { return (c < 0x20 && c != '\t') || c == 0x7F; })) {
    return refuse(400, "bad_request", fmt::format("the {} header holds control bytes", shown(line.substr(0, colon))));
  }
  request.headers.push_back(HttpHeader{line.substr(0, colon), value});
  return Result::complete;
}

HttpRequestParser::Result HttpRequestParser::checkFraming(HttpRequest& request) {
  std::optional<std::uint64_t> length;
  std::size_t hosts = 0;
  bool transferEncoding = false;
  keepAlive_ = request.version_minor == 1;
  expectContinue_ = false;
  chunked_ = false;
  for (const auto& header : request.headers) {
    if (equalsIgnoringCase(header.name, "Content-Length")) {
      std::uint64_t value = 0;
      const auto [end, error] = std::from_chars(header.value.data(), header.value.data() + header.value.size(), value);
      if (header.value.empty() || error != std::errc() || end != header.value.data() + header.value.size()) {
        return refuse(400, "bad_request", "Content-Length must be a whole number");
      }
      if (length && *length != value) return refuse(400, "bad_request", "the request has two different Content-Length values");
      length = value;
    } else if (equalsIgnoringCase(header.name, "Transfer-Encoding")) {
      if (transferEncoding || !equalsIgnoringCase(header.value, "chunked")) {
        return refuse(501, "not_implemented", "the only Transfer-Encoding accepted is chunked");
      }
      transferEncoding = true;
    } else if (equalsIgnoringCase(header.name, "Host")) {
      ++hosts;
    } else if (equalsIgnoringCase(header.name, "Connection")) {
      if (headerHasToken(header.value, "close")) keepAlive_ = false;
      else if (headerHasToken(header.value, "keep-alive")) keepAlive_ = true;
    } else if (equalsIgnoringCase(header.name, "Expect")) {
      if (!equalsIgnoringCase(header.value, "100-continue")) {
        return refuse(417, "expectation_failed", "the only Expect accepted is 100-continue");
      }
      expectContinue_ = true;
    }
  }
  if (hosts > 1 || (hosts == 0 && request.version_minor == 1)) {
    return refuse(400, "bad_request", "an HTTP/1.1 request needs exactly one Host header");
  }
  if (transferEncoding && (length || request.version_minor == 0)) {
    return refuse(400, "bad_request", "Transfer-Encoding with Content-Length (or in HTTP/1.0) is ambiguous");
  }
  if (length && *length > limits_.max_body_bytes) {
    return refuse(413, "too_large", fmt::format("request bodies are limited to {} bytes", limits_.max_body_bytes));
  }
  chunked_ = transferEncoding;
  bodyLength_ = length.value_or(0);
  if (!chunked_ && bodyLength_ == 0) expectContinue_ = false;
  return Result::complete;
}

HttpRequestParser::Result HttpRequestParser::readBody(std::string_view input, HttpRequest& request) {
  if (chunked_) return readChunkedBody(input, request);
  if (input.size() - headBytes_ < bodyLength_) return Result::need_more;
  request.body = input.substr(headBytes_, bodyLength_);
  consumed_ = headBytes_ + bodyLength_;
  return Result::complete;
}

HttpRequestParser::Result HttpRequestParser::readChunkedBody(std::string_view input, HttpRequest& request) {
  // Decoded from the start on each call: bodies are capped, and this keeps no partial state.
  chunkedBody_.clear();
  std::string_view rest = input.substr(headBytes_);
  while (true) {
    const std::size_t newline = rest.find('\n');
    if (newline == std::string_view::npos) {
      if (rest.size() > 1024) return refuse(400, "bad_request", "a chunk size line is too long");
      return Result::need_more;
    }
    std::string_view sizeLine = rest.substr(0, newline);
    if (sizeLine.ends_with('\r')) sizeLine.remove_suffix(1);
    sizeLine = sizeLine.substr(0, sizeLine.find(';'));  // chunk extensions are ignored
    std::uint64_t size = 0;
    const auto [end, error] = std::from_chars(sizeLine.data(), sizeLine.data() + sizeLine.size(), size, 16);
    if (sizeLine.empty() || error != std::errc() || end != sizeLine.data() + sizeLine.size()) {
      return refuse(400, "bad_request", "a chunk size is not a hex number");
    }
    rest.remove_prefix(newline + 1);
    if (size == 0) {
      // Trailer fields up to a blank line; they are read and dropped.
      const std::size_t endOfTrailers = rest.starts_with("\r\n") ? 2 : rest.starts_with("\n") ? 1 : endOfHead(rest, 0);
      if (endOfTrailers == std::string_view::npos) {
        if (rest.size() > 4096) return refuse(400, "bad_request", "the chunked trailer is too long");
        return Result::need_more;
      }
      rest.remove_prefix(endOfTrailers);
      consumed_ = input.size() - rest.size();
      request.body = chunkedBody_;
      return Result::complete;
    }
    if (size > limits_.max_body_bytes - chunkedBody_.size()) {
      return refuse(413, "too_large", fmt::format("request bodies are limited to {} bytes", limits_.max_body_bytes));
    }
    if (rest.size() < size) return Result::need_more;
    chunkedBody_.append(rest.substr(0, size));
    rest.remove_prefix(size);
    if (rest.starts_with("\r\n")) rest.remove_prefix(2);
    else if (rest.starts_with("\n")) rest.remove_prefix(1);
    else if (rest.size() < 2) return Result::need_more;
    else return refuse(400, "bad_request", "a chunk is longer than its size");
  }
}

}  // namespace airbridge::core
