#pragma once
// The webhook output: each admitted event (after this sink's delay, kinds and filters) is sent
// to one URL, in order and at least once: a failed request is retried with backoff before the
// next event goes, and the oldest waiting events are dropped only past max_pending.

#include "webhook_config.hpp"
#include "webhook_request.hpp"

#include <airbridge/delivery_queue.hpp>
#include <airbridge/plugin.hpp>

namespace airbridge::webhook {

class WebhookSink final : public ConsumerPlugin {
 public:
  WebhookSink(WebhookConfig config, PluginContext& context);
  ~WebhookSink() override;

  void start() override;
  void deliver(const SharedDispatch& event) override;
  void stop() noexcept override;

 private:
  std::optional<std::string> send(HttpClientRequest& request, const std::string& id) const;

  const WebhookConfig config_;
  PluginContext& context_;
  WebhookRequests requests_;
  PublishDelay delay_;
  DeliveryQueue queue_;
};

}  // namespace airbridge::webhook
