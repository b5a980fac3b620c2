#pragma once
// One webhook request for one event: its body (the template, or the event's JSON), its headers,
// and with a secret the Standard Webhooks signature: webhook-id (the same on every retry, so a
// receiver can drop a duplicate), webhook-timestamp (Unix seconds) and
// webhook-signature: v1,<base64 of HMAC-SHA256(key, "<id>.<timestamp>.<body>")>, where the key is
// the base64 after "whsec_" (or the secret's bytes when it has no such prefix).

#include "webhook_config.hpp"

#include <airbridge/http_client.hpp>
#include <airbridge/plugin_context.hpp>
#include <airbridge/text_template.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace airbridge::webhook {

/// "v1,<base64>" for `id`, `timestamp` and `body` under `secret`.
std::string signature(const std::string& secret, const std::string& id, std::int64_t timestamp,
                      const std::string& body);

class WebhookRequests {
 public:
  explicit WebhookRequests(const WebhookConfig& config);

  /// The request for `event`; `id` names it across retries.
  HttpClientRequest forEvent(const Dispatch& event, const TemplateFields& fields, const std::string& id) const;
  /// Signs (again) with the time of this attempt, as receivers reject old timestamps.
  void sign(HttpClientRequest& request, const std::string& id, std::int64_t now_seconds) const;

 private:
  const WebhookConfig& config_;
  std::optional<TextTemplate> body_;
};

}  // namespace airbridge::webhook
