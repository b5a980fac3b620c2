#include "zetta_connector.hpp"

#include "zetta_stream_reader.hpp"

#include <Poco/Net/StreamSocket.h>
#include <fmt/format.h>

namespace airbridge::zetta {

ZettaConnector::ZettaConnector(const ZettaConfig& config, ZettaIntake& intake, const Logger& log,
                               Metrics& metrics, const std::string& source)
    : config_(config),
      intake_(intake),
      link_(OutgoingLink::Settings{"Zetta", *config.connect, config.reconnect_min, config.reconnect_max},
            *this, log, metrics, "airbridge_zetta_connects_total", fmt::format("source=\"{}\"", source)) {}

std::string ZettaConnector::run(Poco::Net::StreamSocket& socket, const std::atomic<bool>& stopping) {
  const StreamOutcome outcome = readZettaStream(socket, config_.connect->toString(), intake_,
                                                config_.max_document_size, config_.idle_timeout, stopping);
  switch (outcome.end) {
    case StreamEnd::idle:
      return fmt::format("nothing for {}; presumed dead", formatDuration(config_.idle_timeout));
    case StreamEnd::closed_by_peer:
      return "closed the connection";
    case StreamEnd::failed:
      return fmt::format("the connection failed: {}", outcome.detail);
    case StreamEnd::stopping:
      break;
  }
  return "stopping";
}

}  // namespace airbridge::zetta
