#include "webhook_sink.hpp"

#include <airbridge/device_text.hpp>

#include <fmt/format.h>

#include <chrono>

namespace airbridge::webhook {

WebhookSink::WebhookSink(WebhookConfig config, PluginContext& context)
    : config_(std::move(config)),
      context_(context),
      requests_(config_),
      delay_(config_.events.delay),
      queue_(DeliverySettings{config_.retry_min, config_.retry_max, config_.retries, false, config_.max_pending},
             context.log(), context.metrics(), context.instanceName()) {}

WebhookSink::~WebhookSink() { stop(); }

void WebhookSink::start() {
  queue_.start();
  context_.log().info("sending events to {}{}", urlForLog(config_.url), config_.secret.empty() ? "" : ", signed");
}

void WebhookSink::deliver(const SharedDispatch& incoming) {
  const SharedDispatch event = config_.events.apply(incoming);
  if (!event || !delay_.wait(*event)) return;
  TemplateFields fields;
  if (const TrackEvent* track = event->track()) {
    fields = templateFields(*track, context_.station(), context_.store().currentProgram().get());
  }
  // The same id on every retry: receivers drop what they already have (at-least-once).
  const std::string id = fmt::format("msg_{}_{}", event->origin, event->sequence);
  auto request = std::make_shared<HttpClientRequest>(requests_.forEvent(*event, fields, id));
  queue_.post(fmt::format("#{} ({})", event->sequence, event->name()),
              [this, request, id] { return send(*request, id); });
}

std::optional<std::string> WebhookSink::send(HttpClientRequest& request, const std::string& id) const {
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

void WebhookSink::stop() noexcept {
  delay_.stop();
  queue_.stop();
}

}  // namespace airbridge::webhook
