#include "zetta_stream_reader.hpp"

#include <Poco/Net/NetException.h>

#include <array>
#include <chrono>

namespace airbridge::zetta {
namespace {
// How often a quiet connection looks at the stop flag and the idle clock.
constexpr auto kPollInterval = std::chrono::milliseconds{200};
}  // namespace

StreamOutcome readZettaStream(Poco::Net::StreamSocket& socket, const std::string& peer,
                              ZettaIntake& intake, std::size_t max_document_size,
                              Duration idle_timeout, const std::atomic<bool>& stopping) {
  ZettaDocumentFramer framer(max_document_size);
  std::array<char, 64 * 1024> buffer;
  auto lastData = std::chrono::steady_clock::now();
  const auto pollInterval = std::min<Duration>(kPollInterval, idle_timeout);
  try {
    while (!stopping.load()) {
      if (!socket.poll(Poco::Timespan(std::chrono::duration_cast<std::chrono::microseconds>(
                                          pollInterval).count()),
                       Poco::Net::Socket::SELECT_READ)) {
        if (std::chrono::steady_clock::now() - lastData >= idle_timeout) {
          intake.countIdleTimeout();
          return {StreamEnd::idle, {}};
        }
        continue;
      }
      const int received = socket.receiveBytes(buffer.data(), static_cast<int>(buffer.size()));
      if (received <= 0) return {StreamEnd::closed_by_peer, {}};
      lastData = std::chrono::steady_clock::now();
      for (const auto& piece : framer.feed(std::string_view(buffer.data(), received))) {
        intake.handle(piece, peer);
      }
    }
  } catch (const Poco::Exception& e) {
    return {StreamEnd::failed, e.displayText()};
  }
  return {StreamEnd::stopping, {}};
}

}  // namespace airbridge::zetta
