#include "zetta_stream_reader.hpp"

#include <Poco/Net/NetException.h>
#include <poll.h>

#include <cerrno>

#include <array>
#include <chrono>

namespace airbridge::zetta {
namespace {
// How often a quiet connection looks at the stop flag and the idle clock.
constexpr auto kPollInterval = std::chrono::milliseconds{200};
}  // namespace

std::int64_t steadyMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch()).count();
}

StreamOutcome readZettaStream(Poco::Net::StreamSocket& socket, const std::string& peer,
                              ZettaIntake& intake, std::size_t max_document_size,
                              Duration idle_timeout, const std::atomic<bool>& stopping,
                              LinkActivity* activity) {
  ZettaDocumentFramer framer(max_document_size);
  std::array<char, 64 * 1024> buffer;
  auto lastData = std::chrono::steady_clock::now();
  const auto pollInterval = std::min<Duration>(kPollInterval, idle_timeout);
  try {
    while (!stopping.load()) {
      // poll(2) on the descriptor: Poco 1.11's Socket::poll makes an epoll descriptor per
      // call, which fails (and throws) exactly when the process is out of descriptors.
      pollfd wait{socket.impl()->sockfd(), POLLIN, 0};
      const int ready = ::poll(&wait, 1, static_cast<int>(pollInterval.count()));
      if (ready < 0 && errno != EINTR) return {StreamEnd::failed, "poll failed"};
      if (ready <= 0) {
        if (std::chrono::steady_clock::now() - lastData >= idle_timeout) {
          intake.countIdleTimeout();
          return {StreamEnd::idle, {}};
        }
        continue;
      }
      const int received = socket.receiveBytes(buffer.data(), static_cast<int>(buffer.size()));
      if (received <= 0) return {StreamEnd::closed_by_peer, {}};
      lastData = std::chrono::steady_clock::now();
      if (activity) activity->last_heard_ms.store(steadyMillis());
      for (const auto& piece : framer.feed(std::string_view(buffer.data(), received))) {
        const IntakeResult result = intake.handle(piece, peer);
        const bool usable = result == IntakeResult::published || result == IntakeResult::duplicate ||
                            result == IntakeResult::nothing_on_air;
        if (activity && usable) activity->delivered.store(true);
      }
    }
  } catch (const Poco::Exception& e) {
    return {StreamEnd::failed, e.displayText()};
  }
  return {StreamEnd::stopping, {}};
}

}  // namespace airbridge::zetta
