#pragma once
// The zetta input: whichever delivery modes the config enables, all feeding one intake.

#include "zetta_config.hpp"
#include "zetta_connector.hpp"
#include "zetta_http_intake.hpp"
#include "zetta_intake.hpp"
#include "zetta_tcp_listener.hpp"

#include <airbridge/plugin.hpp>

#include <memory>

namespace airbridge::zetta {

class ZettaSource final : public Plugin {
 public:
  /// Claims the POST intake's path now, so a clash is a config error.
  ZettaSource(ZettaConfig config, const ConfigSection& section, PluginContext& context);
  ~ZettaSource() override;

  void start() override;
  void stop() noexcept override;
  std::string statusJson() const override { return intake_.activity().json(); }

 private:
  /// One warning per way in that anyone who reaches the network can use to set now playing.
  void warnIfOpen() const;

  const ZettaConfig config_;
  PluginContext& context_;
  ZettaIntake intake_;
  std::unique_ptr<ZettaTcpListener> listener_;
  std::unique_ptr<ZettaConnector> connector_;
  std::unique_ptr<ZettaHttpIntake> http_;
};

}  // namespace airbridge::zetta
