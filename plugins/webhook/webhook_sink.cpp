#include "webhook_sink.hpp"

#include <airbridge/device_text.hpp>

#include <fmt/format.h>

#include <chrono>

namespace airbridge::webhook {

WebhookSink::WebhookSink(WebhookConfig config, PluginContext& context)
    : OutputPlugin(config.events, config.delivery, /*latest_wins=*/false, context, config.max_pending),
      config_(std::move(config)),
      requests_(config_) {}


void WebhookSink::started() {
  context().log().info("sending events to {}{}", urlForLog(config_.url), config_.secret.empty() ? "" : ", signed");
}

void WebhookSink::send(const Dispatch& event) {
  const TemplateFields fields = event.track() ? fieldsOf(*event.track()) : TemplateFields{};
  // The same id on every retry: receivers drop what they already have (at-least-once).
  const std::string id = fmt::format("msg_{}_{}", event.origin, event.sequence);
  auto prepared = std::make_shared<HttpClientRequest>(requests_.forEvent(event, fields, id));
  post(fmt::format("#{} ({})", event.sequence, event.name()),
       [this, prepared, id] { return request(*prepared, id); });
}

std::optional<std::string> WebhookSink::request(HttpClientRequest& request, const std::string& id) const {
  requests_.sign(request, id, std::chrono::duration_cast<std::chrono::seconds>(
                                  std::chrono::system_clock::now().time_since_epoch()).count());
  try {
    const HttpClientResponse answer = httpFetch(request, 4096);
    if (answer.status >= 200 && answer.status < 300) return std::nullopt;
    return fmt::format("{} answered {} {}: \"{}\"", urlForLog(config_.url), answer.status, answer.reason,
                       fitToWidth(withoutControlCharacters(answer.body), 200));
  } catch (const HttpClientError& e) {
    return fmt::format("cannot reach {}: check url: and that the receiver is up", e.what());
  }
}

}  // namespace airbridge::webhook
