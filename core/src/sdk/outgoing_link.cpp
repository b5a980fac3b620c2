#include <airbridge/outgoing_link.hpp>

#include <airbridge/backoff.hpp>

#include <Poco/Net/NetException.h>
#include <Poco/Net/StreamSocket.h>
#include <fmt/format.h>

namespace airbridge {

OutgoingLink::OutgoingLink(Settings settings, Session& session, const Logger& log, Metrics& metrics,
                           const std::string& metrics_name, const std::string& labels)
    : settings_(std::move(settings)),
      session_(session),
      log_(log),
      connects_(CounterFamily(metrics, metrics_name, "Outgoing connections of a source", labels, "result").with("connected")),
      failures_(CounterFamily(metrics, metrics_name, "Outgoing connections of a source", labels, "result").with("failed")) {}

OutgoingLink::~OutgoingLink() { stop(); }

void OutgoingLink::start() {
  stopping_.store(false);
  thread_ = std::thread([this] { run(); });
}

void OutgoingLink::stop() noexcept {
  {
    std::lock_guard lock(mutex_);
    stopping_.store(true);
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool OutgoingLink::pause(Duration delay) {
  std::unique_lock lock(mutex_);
  return !wake_.wait_for(lock, delay, [this] { return stopping_.load(); });
}

void OutgoingLink::run() {
  const SocketAddress& target = settings_.target;
  Backoff backoff(settings_.reconnect_min, settings_.reconnect_max);
  bool failureLogged = false;  // a link that stays down is logged once, not every retry
  while (!stopping_.load()) {
    Poco::Net::StreamSocket socket;
    try {
      socket.connect(Poco::Net::SocketAddress(target.host(), target.port()), Poco::Timespan(5, 0));
    } catch (const Poco::Exception& e) {
      failures_.add();
      if (!failureLogged) {
        log_.warning("cannot connect to {} at {}: {}; retrying with backoff up to {}", settings_.peer_name,
                     target.toString(), e.displayText(), formatDuration(settings_.reconnect_max));
        failureLogged = true;
      }
      if (!pause(backoff.next())) return;
      continue;
    }
    connects_.add();
    failureLogged = false;
    backoff.reset();
    log_.info("connected to {} at {}", settings_.peer_name, target.toString());
    std::string ended;
    try {
      ended = session_.run(socket, stopping_);
    } catch (const Poco::Exception& e) {
      ended = fmt::format("failed: {}", e.displayText());
    } catch (const std::exception& e) {
      ended = fmt::format("failed: {}", e.what());
    }
    socket.close();
    if (stopping_.load()) return;
    log_.warning("{} at {}: {}; reconnecting", settings_.peer_name, target.toString(), ended);
    if (!pause(backoff.next())) return;
  }
}

}  // namespace airbridge
