#include "zetta_connector.hpp"

#include "zetta_stream_reader.hpp"

#include <airbridge/backoff.hpp>

#include <Poco/Net/StreamSocket.h>
#include <fmt/format.h>

namespace airbridge::zetta {
namespace {
CounterFamily connectResults(Metrics& metrics, const std::string& source) {
  return {metrics, "airbridge_zetta_connects_total", "Outgoing Zetta connections",
          fmt::format("source=\"{}\"", source), "result"};
}
}  // namespace

ZettaConnector::ZettaConnector(const ZettaConfig& config, ZettaIntake& intake, const Logger& log,
                               Metrics& metrics, const std::string& source)
    : config_(config),
      intake_(intake),
      log_(log),
      connects_(connectResults(metrics, source).with("connected")),
      failures_(connectResults(metrics, source).with("failed")) {}

ZettaConnector::~ZettaConnector() { stop(); }

void ZettaConnector::start() {
  stopping_.store(false);
  thread_ = std::thread([this] { run(); });
}

void ZettaConnector::stop() noexcept {
  {
    std::lock_guard lock(mutex_);
    stopping_.store(true);
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool ZettaConnector::pause(Duration delay) {
  std::unique_lock lock(mutex_);
  return !wake_.wait_for(lock, delay, [this] { return stopping_.load(); });
}

void ZettaConnector::run() {
  const SocketAddress& target = *config_.connect;
  Backoff backoff(config_.reconnect_min, config_.reconnect_max);
  bool failureLogged = false;  // a link that stays down is logged once, not every retry
  while (!stopping_.load()) {
    Poco::Net::StreamSocket socket;
    try {
      socket.connect(Poco::Net::SocketAddress(target.host(), target.port()),
                     Poco::Timespan(5, 0));
    } catch (const Poco::Exception& e) {
      failures_.add();
      if (!failureLogged) {
        log_.warning("cannot connect to Zetta at {}: {}; retrying with backoff up to {}",
                     target.toString(), e.displayText(), formatDuration(config_.reconnect_max));
        failureLogged = true;
      }
      if (!pause(backoff.next())) return;
      continue;
    }
    connects_.add();
    failureLogged = false;
    backoff.reset();
    const std::string peer = target.toString();
    log_.info("connected to Zetta at {}", peer);
    const StreamOutcome outcome = readZettaStream(socket, peer, intake_, config_.max_document_size,
                                                  config_.idle_timeout, stopping_);
    socket.close();
    switch (outcome.end) {
      case StreamEnd::stopping:
        return;
      case StreamEnd::idle:
        log_.warning("nothing from Zetta at {} for {}; presumed dead, reconnecting", peer,
                     formatDuration(config_.idle_timeout));
        break;
      case StreamEnd::closed_by_peer:
        log_.warning("Zetta at {} closed the connection; reconnecting", peer);
        break;
      case StreamEnd::failed:
        log_.warning("connection to Zetta at {} failed: {}; reconnecting", peer, outcome.detail);
        break;
    }
    if (!pause(backoff.next())) return;
  }
}

}  // namespace airbridge::zetta
