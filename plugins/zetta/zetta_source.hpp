#pragma once
// The zetta Source: whichever delivery modes the config enables, all feeding one intake.

#include "zetta_config.hpp"
#include "zetta_connector.hpp"
#include "zetta_http_intake.hpp"
#include "zetta_intake.hpp"
#include "zetta_tcp_listener.hpp"

#include <airbridge/plugin.hpp>

#include <memory>

namespace airbridge::zetta {

class ZettaSource final : public Source {
 public:
  ZettaSource(ZettaConfig config, PluginContext& context);
  ~ZettaSource() override;

  void start(Publisher& out) override;
  void stop() noexcept override;

 private:
  const ZettaConfig config_;
  PluginContext& context_;
  ZettaIntake intake_;
  std::unique_ptr<ZettaTcpListener> listener_;
  std::unique_ptr<ZettaConnector> connector_;
  std::unique_ptr<ZettaHttpIntake> http_;
};

}  // namespace airbridge::zetta
