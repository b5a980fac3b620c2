#pragma once
// The optional HTTP POST intake: the same XML, one or more documents per request body, at
// http_path on http_listen. The host's front door reads each request (one deadline for its head,
// one for its body, caps on both, a limit per client address), so a slow or silent client holds
// only its own connection; this route sees only whole requests.

#include "zetta_config.hpp"
#include "zetta_intake.hpp"

#include <airbridge/http_responder.hpp>
#include <airbridge/http_routes.hpp>
#include <airbridge/plugin_context.hpp>

#include <atomic>

namespace airbridge::zetta {

class ZettaHttpIntake final : public HttpEndpoint {
 public:
  /// Claims the path at config time, so a clash with another route is a config error.
  ZettaHttpIntake(const ZettaConfig& config, ZettaIntake& intake, const ConfigSection& section,
                  PluginContext& context);

  /// Until start() (and after stop()) requests get 503: the source is not publishing.
  void start();
  void stop() noexcept { accepting_.store(false); }

  void handle(const HttpRequest& request, HttpReply& reply) override;

 private:
  bool authorized(const HttpRequest& request) const;

  const ZettaConfig& config_;
  ZettaIntake& intake_;
  PluginContext& context_;
  HttpResponder responder_;
  std::atomic<bool> accepting_{false};
};

}  // namespace airbridge::zetta
