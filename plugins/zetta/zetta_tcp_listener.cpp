#include "zetta_tcp_listener.hpp"

#include "zetta_stream_reader.hpp"

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/TCPServerConnection.h>
#include <Poco/Net/TCPServerConnectionFactory.h>
#include <Poco/Net/TCPServerParams.h>
#include <fmt/format.h>
#include <sys/socket.h>

namespace airbridge::zetta {
namespace {

constexpr std::int64_t kEvictionLogIntervalMs = 10'000;

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
    listener_.serve(socket(), host, peer);
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

CounterFamily connectionResults(Metrics& metrics, const std::string& source) {
  return {metrics, "airbridge_zetta_connections_total", "Zetta connections",
          fmt::format("source=\"{}\"", source), "result"};
}

}  // namespace

ZettaTcpListener::ZettaTcpListener(const ZettaConfig& config, ZettaIntake& intake,
                                   const Logger& log, Metrics& metrics, const std::string& source)
    : config_(config),
      intake_(intake),
      log_(log),
      accepted_(connectionResults(metrics, source).with("accepted")),
      refused_(connectionResults(metrics, source).with("refused")),
      evicted_(connectionResults(metrics, source).with("evicted")) {}

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
  // Room beyond max_connections for a newcomer and for links closed to make room for one that
  // have not ended yet (they do within a poll interval).
  const int threads = config_.max_connections + 4;
  params->setMaxThreads(threads);
  params->setMaxQueued(threads);
  threads_ = std::make_unique<Poco::ThreadPool>(1, threads);
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

bool ZettaTcpListener::allowed(const std::string& host, const std::string& peer) {
  if (config_.allow.allows(host)) return true;
  refused_.add();
  std::lock_guard lock(refusedMutex_);
  if (refusedHosts_.insert(host).second) {
    log_.warning("refused Zetta connection from {}: not in allow (logged once per address); "
                 "add it to allow: if it is a real Zetta machine", peer);
  }
  return false;
}

std::shared_ptr<ZettaTcpListener::Link> ZettaTcpListener::enter(int fd, const std::string& peer) {
  auto link = std::make_shared<Link>();
  link->peer = peer;
  link->fd = fd;
  link->activity.last_heard_ms.store(steadyMillis());
  std::lock_guard lock(linksMutex_);
  std::shared_ptr<Link> victim;
  int open = 0;
  for (const auto& other : links_) {
    if (other->evicted) continue;
    ++open;
    // Never delivered a document before one that did; then the one silent longest.
    const auto rank = [](const Link& l) {
      return std::pair{l.activity.delivered.load(), l.activity.last_heard_ms.load()};
    };
    if (!victim || rank(*other) < rank(*victim)) victim = other;
  }
  if (open >= config_.max_connections && victim) {
    victim->evicted = true;
    evicted_.add();
    // Someone churning connections must not flood the log: one line per 10 s, with the count.
    const std::int64_t now = steadyMillis();
    ++evictionsUnlogged_;
    if (now - lastEvictionLogMs_ >= kEvictionLogIntervalMs) {
      const auto silent = Duration{now - victim->activity.last_heard_ms.load()};
      log_.warning("closing the Zetta connection from {} ({} for {}) to make room for {}: "
                   "max_connections ({}) are open{}; set allow: to keep others off the port",
                   victim->peer, victim->activity.delivered.load() ? "silent" : "no document yet, silent",
                   formatDuration(std::chrono::round<std::chrono::seconds>(silent)), peer,
                   config_.max_connections,
                   evictionsUnlogged_ > 1 ? fmt::format(" ({} closed so since the last such line)", evictionsUnlogged_) : "");
      lastEvictionLogMs_ = now;
      evictionsUnlogged_ = 0;
    }
    // Wakes its reader (recv returns 0); the fd stays valid until the link leaves, under this lock.
    ::shutdown(victim->fd, SHUT_RDWR);
  }
  links_.push_back(link);
  return link;
}

bool ZettaTcpListener::leave(const std::shared_ptr<Link>& link) {
  std::lock_guard lock(linksMutex_);
  std::erase(links_, link);
  return link->evicted;
}

void ZettaTcpListener::serve(Poco::Net::StreamSocket& socket, const std::string& host,
                             const std::string& peer) {
  if (!allowed(host, peer)) return;
  accepted_.add();
  const auto link = enter(socket.impl()->sockfd(), peer);
  log_.info("Zetta connected from {}", peer);
  const StreamOutcome outcome = readZettaStream(socket, peer, intake_, config_.max_document_size,
                                                config_.idle_timeout, stopping_, &link->activity);
  // Out of the list before the descriptor closes, so no one shuts down a reused number.
  if (!leave(link)) {  // an evicted link was already reported
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
  }
  try {
    socket.shutdown();
  } catch (const Poco::Exception&) {
    // already gone
  }
  socket.close();
}

}  // namespace airbridge::zetta
