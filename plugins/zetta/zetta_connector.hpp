#pragma once
// Connect mode: airbridge dials Zetta (or a relay) and keeps the link up (the SDK's
// OutgoingLink: backoff from reconnect_min doubling to reconnect_max); this reads the stream.

#include "zetta_config.hpp"
#include "zetta_intake.hpp"

#include <airbridge/outgoing_link.hpp>

namespace airbridge::zetta {

class ZettaConnector final : private OutgoingLink::Session {
 public:
  ZettaConnector(const ZettaConfig& config, ZettaIntake& intake, const Logger& log,
                 Metrics& metrics, const std::string& source);

  void start() { link_.start(); }
  void stop() noexcept { link_.stop(); }

 private:
  std::string run(Poco::Net::StreamSocket& socket, const std::atomic<bool>& stopping) override;

  const ZettaConfig& config_;
  ZettaIntake& intake_;
  OutgoingLink link_;  // last: its thread calls run() until it is destroyed
};

}  // namespace airbridge::zetta
