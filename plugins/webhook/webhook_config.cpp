#include "webhook_config.hpp"

#include <airbridge/text_template.hpp>

#include <fmt/format.h>

namespace airbridge::webhook {
namespace {

std::string trimmed(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return std::string(text);
}

void checkTogether(const ConfigSection& section, WebhookConfig& config) {
  if (!config.url.starts_with("http://") && !config.url.starts_with("https://")) {
    section.fail("url", fmt::format("'{}' must be an http:// or https:// URL", config.url));
  }
  if (config.method != "POST" && config.method != "GET" && config.method != "PUT") {
    section.fail("method", fmt::format("'{}' is not a method; use POST, PUT or GET", config.method));
  }
  for (const auto& header : config.headers) {
    const auto colon = header.find(':');
    if (colon == std::string::npos || colon == 0 || header.find_first_of("\r\n") != std::string::npos) {
      section.fail("headers", fmt::format("'{}' is not a header; write \"Name: value\"", header));
    }
  }
  if (!config.body.empty()) TextTemplate::check(section, "body", config.body);
}

}  // namespace

std::vector<std::pair<std::string, std::string>> WebhookConfig::headerPairs() const {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const auto& header : headers) {
    const auto colon = header.find(':');
    pairs.emplace_back(trimmed(header.substr(0, colon)), trimmed(header.substr(colon + 1)));
  }
  return pairs;
}

const ConfigKeys<WebhookConfig>& WebhookConfig::keys() {
  using C = WebhookConfig;
  static const auto keys = ConfigKeys<C>()
      .required("url", &C::url, "where each event is sent")
      .key("method", &C::method, "POST, PUT or GET")
      .key("body", &C::body, "a template (JSON-escaped for a JSON content type, URL-encoded for a "
                             "form); none: the event's JSON")
      .key("content_type", &C::content_type, "of the body")
      .key("headers", &C::headers, "extra headers, each \"Name: value\"")
      .key("secret", &C::secret, "signs each request as Standard Webhooks do (webhook-id, "
                                 "webhook-timestamp, webhook-signature)")
      .key("max_pending", &C::max_pending, between<std::int64_t>(1, 100'000),
           "events waiting while the receiver is down; the oldest is dropped beyond")
      .include(SinkEventOptions::keys(), &C::events)
      .include(OutputDeliveryOptions::keys(), &C::delivery)
      .check(checkTogether);
  return keys;
}

}  // namespace airbridge::webhook
