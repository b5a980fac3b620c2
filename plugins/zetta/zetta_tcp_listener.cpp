#include "zetta_tcp_listener.hpp"

#include "zetta_stream_reader.hpp"

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/TCPServerConnection.h>
#include <Poco/Net/TCPServerConnectionFactory.h>
#include <Poco/Net/TCPServerParams.h>
#include <fmt/format.h>

namespace airbridge::zetta {
namespace {

class ZettaConnection final : public Poco::Net::TCPServerConnection {
 public:
  ZettaConnection(const Poco::Net::StreamSocket& socket, ZettaTcpListener& listener)
      : TCPServerConnection(socket), listener_(listener) {}

  void run() override {
    std::string peer = "?";
    std::string host;
    try {
      peer = socket().peerAddress().toString();
      host = socket().peerAddress().host().toString();
    } catch (const Poco::Exception&) {
      return;  // the peer left before we looked
    }
    if (!listener_.admit(host, peer)) return;
    listener_.serve(socket(), peer);
    listener_.release();
  }

 private:
  ZettaTcpListener& listener_;
};

class ZettaConnectionFactory final : public Poco::Net::TCPServerConnectionFactory {
 public:
  explicit ZettaConnectionFactory(ZettaTcpListener& listener) : listener_(listener) {}
  Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override {
    return new ZettaConnection(socket, listener_);
  }

 private:
  ZettaTcpListener& listener_;
};

}  // namespace

ZettaTcpListener::ZettaTcpListener(const ZettaConfig& config, ZettaIntake& intake,
                                   const Logger& log, Metrics& metrics, const std::string& source)
    : config_(config),
      intake_(intake),
      log_(log),
      accepted_(metrics.counter("airbridge_zetta_connections_total", "Zetta connections",
                                fmt::format("source=\"{}\",result=\"accepted\"", source))),
      refused_(metrics.counter("airbridge_zetta_connections_total", "Zetta connections",
                               fmt::format("source=\"{}\",result=\"refused\"", source))) {}

ZettaTcpListener::~ZettaTcpListener() { stop(); }

void ZettaTcpListener::start() {
  const SocketAddress& address = *config_.listen;
  Poco::Net::ServerSocket socket;
  try {
    // Never SO_REUSEPORT (Poco sets it with reuseAddress alone): a second airbridge on the
    // same port must fail loudly, not silently share the traffic.
    socket.bind(Poco::Net::SocketAddress(address.host(), address.port()), true, false);
    socket.listen(64);
  } catch (const Poco::Exception& e) {
    throw std::runtime_error(fmt::format("cannot listen for Zetta on {}: {}; change listen: or "
                                         "stop what holds the port", address.toString(),
                                         e.displayText()));
  }
  auto params = Poco::AutoPtr<Poco::Net::TCPServerParams>(new Poco::Net::TCPServerParams);
  // One more thread than allowed connections, so the extra one can be told why it is refused.
  params->setMaxThreads(config_.max_connections + 1);
  params->setMaxQueued(config_.max_connections + 1);
  threads_ = std::make_unique<Poco::ThreadPool>(1, config_.max_connections + 1);
  server_ = std::make_unique<Poco::Net::TCPServer>(new ZettaConnectionFactory(*this), *threads_,
                                                   socket, params);
  server_->start();
  log_.info("listening for Zetta on {}", socket.address().toString());
}

void ZettaTcpListener::stop() noexcept {
  stopping_.store(true);
  try {
    if (server_) server_->stop();
    if (threads_) threads_->joinAll();  // connections notice stopping_ within a poll interval
    server_.reset();
    threads_.reset();
  } catch (const std::exception& e) {
    log_.warning("while stopping the Zetta listener: {}", e.what());
  }
}

bool ZettaTcpListener::admit(const std::string& host, const std::string& peer) {
  if (!config_.allow.allows(host)) {
    refused_.add();
    std::lock_guard lock(refusedMutex_);
    if (refusedHosts_.insert(host).second) {
      log_.warning("refused Zetta connection from {}: not in allow (logged once per address); "
                   "add it to allow: if it is a real Zetta machine", peer);
    }
    return false;
  }
  if (active_.fetch_add(1) >= config_.max_connections) {
    active_.fetch_sub(1);
    refused_.add();
    log_.warning("refused Zetta connection from {}: max_connections ({}) reached; raise "
                 "max_connections if that many Zetta machines really feed this source",
                 peer, config_.max_connections);
    return false;
  }
  accepted_.add();
  return true;
}

void ZettaTcpListener::serve(Poco::Net::StreamSocket& socket, const std::string& peer) {
  log_.info("Zetta connected from {}", peer);
  const StreamOutcome outcome = readZettaStream(socket, peer, intake_, config_.max_document_size,
                                                config_.idle_timeout, stopping_);
  switch (outcome.end) {
    case StreamEnd::closed_by_peer:
      log_.info("Zetta at {} closed the connection", peer);
      break;
    case StreamEnd::idle:
      log_.warning("closing the connection from {}: nothing received for {}; presumed dead, "
                   "Zetta will reconnect", peer, formatDuration(config_.idle_timeout));
      break;
    case StreamEnd::failed:
      log_.warning("connection from {} failed: {}", peer, outcome.detail);
      break;
    case StreamEnd::stopping:
      break;
  }
  try {
    socket.shutdown();
  } catch (const Poco::Exception&) {
    // already gone
  }
  socket.close();
}

}  // namespace airbridge::zetta
