#include "webhook_request.hpp"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <fmt/format.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <sstream>

namespace airbridge::webhook {
namespace {

std::string base64(const unsigned char* bytes, std::size_t size) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder.rdbuf()->setLineLength(0);
  encoder.write(reinterpret_cast<const char*>(bytes), static_cast<std::streamsize>(size));
  encoder.close();
  return out.str();
}

/// The signing key: the base64 after "whsec_", else the secret's own bytes.
std::string keyOf(const std::string& secret) {
  constexpr std::string_view kPrefix = "whsec_";
  if (!secret.starts_with(kPrefix)) return secret;
  std::istringstream in(secret.substr(kPrefix.size()));
  Poco::Base64Decoder decoder(in);
  std::string key;
  char c = 0;
  while (decoder.get(c)) key += c;
  return key;
}

TextEscape escapeFor(const std::string& content_type) {
  if (content_type.find("json") != std::string::npos) return TextEscape::json;
  if (content_type.find("x-www-form-urlencoded") != std::string::npos) return TextEscape::url;
  return TextEscape::plain;
}

}  // namespace

std::string signature(const std::string& secret, const std::string& id, std::int64_t timestamp,
                      const std::string& body) {
  const std::string key = keyOf(secret);
  const std::string message = fmt::format("{}.{}.{}", id, timestamp, body);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest, &length);
  return "v1," + base64(digest, length);
}

WebhookRequests::WebhookRequests(const WebhookConfig& config) : config_(config) {
  if (!config.body.empty()) body_.emplace(config.body, escapeFor(config.content_type));
}

HttpClientRequest WebhookRequests::forEvent(const Dispatch& event, const TemplateFields& fields,
                                            const std::string& id) const {
  HttpClientRequest request;
  request.method = config_.method;
  request.url = config_.url;
  request.timeout = config_.delivery.timeout;
  request.headers = config_.headerPairs();
  const std::string body = body_ ? body_->render(fields)
                                 : fmt::format(R"({{"t":"{}","s":{},"d":{}}})", event.name(),
                                               event.sequence, payloadJson(event));
  if (config_.method == "GET") {
    // No body: a template, if any, is the query string.
    if (body_) request.url += (request.url.find('?') == std::string::npos ? "?" : "&") + body;
  } else {
    request.body = body;
    request.content_type = config_.content_type;
  }
  request.headers.emplace_back("webhook-id", id);
  return request;
}

void WebhookRequests::sign(HttpClientRequest& request, const std::string& id, std::int64_t now_seconds) const {
  if (config_.secret.empty()) return;
  std::erase_if(request.headers, [](const auto& header) {
    return header.first == "webhook-timestamp" || header.first == "webhook-signature";
  });
  request.headers.emplace_back("webhook-timestamp", fmt::format("{}", now_seconds));
  request.headers.emplace_back("webhook-signature", signature(config_.secret, id, now_seconds, request.body));
}

}  // namespace airbridge::webhook
