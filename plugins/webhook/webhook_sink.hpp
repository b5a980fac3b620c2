#pragma once
// The webhook output: each admitted event (after this sink's delay, kinds and filters) is sent
// to one URL, in order and at least once: a failed request is retried with backoff before the
// next event goes, and the oldest waiting events are dropped only past max_pending.

#include "webhook_config.hpp"
#include "webhook_request.hpp"

#include <airbridge/output_plugin.hpp>

namespace airbridge::webhook {

class WebhookSink final : public OutputPlugin {
 public:
  WebhookSink(WebhookConfig config, PluginContext& context);

 private:
  bool takes(const Dispatch&) const override { return true; }  // tracks and program changes
  void send(const Dispatch& event) override;
  void started() override;
  std::optional<std::string> request(HttpClientRequest& request, const std::string& id) const;

  const WebhookConfig config_;
  WebhookRequests requests_;
};

}  // namespace airbridge::webhook
