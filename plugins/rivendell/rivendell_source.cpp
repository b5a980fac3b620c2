#include "rivendell_source.hpp"

#include "pad_update.hpp"

#include <Poco/Net/StreamSocket.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <array>

namespace airbridge::rivendell {
namespace {

/// Rivendell's PAD service sends nothing between carts, so a silent link is normal; a peer that
/// vanished (power cut, cable) is noticed by TCP keep-alive within about two minutes instead.
void keepAlive(Poco::Net::StreamSocket& socket) {
  socket.setKeepAlive(true);
  const int fd = static_cast<int>(socket.impl()->sockfd());
  const int idle = 60, interval = 15, count = 4;
  setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof idle);
  setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &interval, sizeof interval);
  setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &count, sizeof count);
}

}  // namespace

RivendellSource::RivendellSource(RivendellConfig config, PluginContext& context)
    : config_(std::move(config)),
      context_(context),
      updates_(context.metrics(), "airbridge_rivendell_updates_total", "PAD updates received, by outcome",
               fmt::format("source=\"{}\"", context.instanceName()), "result"),
      link_(OutgoingLink::Settings{"Rivendell's PAD service", config_.connect, config_.reconnect_min,
                                   config_.reconnect_max},
            *this, context.log(), context.metrics(), "airbridge_rivendell_connects_total",
            fmt::format("source=\"{}\"", context.instanceName())) {}

void RivendellSource::report(const std::string& problem) {
  if (problem == lastProblem_) return;
  lastProblem_ = problem;
  context_.log().warning("{} (said once until a good update comes)", problem);
}

std::string RivendellSource::run(Poco::Net::StreamSocket& socket, const std::atomic<bool>& stopping) {
  keepAlive(socket);
  PadStreamFramer framer(config_.max_document_size);
  std::size_t oversized = 0;
  std::array<char, 16 * 1024> buffer;
  while (!stopping.load()) {
    if (!socket.poll(Poco::Timespan(1, 0), Poco::Net::Socket::SELECT_READ)) continue;
    const int got = socket.receiveBytes(buffer.data(), static_cast<int>(buffer.size()));
    if (got <= 0) return "closed the connection";
    for (const auto& document : framer.feed(std::string_view(buffer.data(), static_cast<std::size_t>(got)))) {
      handle(document);
    }
    if (framer.oversized() != oversized) {
      oversized = framer.oversized();
      updates_.with("oversized").add();
      report(fmt::format("an update over max_document_size ({} bytes) was dropped", config_.max_document_size));
    }
  }
  return "stopping";
}

void RivendellSource::handle(const std::string& document) {
  std::string why;
  const auto update = readPadUpdate(document, config_, context_.instanceName(), why);
  const std::string peer = config_.connect.toString();
  if (!update) {
    activity_.heard(peer, "rejected");
    updates_.with("rejected").add();
    return report(fmt::format("an update was not read: {}", why));
  }
  lastProblem_.clear();
  const char* outcome = "published";
  if (update->machine != config_.log_machine) {
    outcome = "other_machine";
  } else if (config_.only_on_air && !update->on_air) {
    outcome = "off_air";
  } else if (!update->now) {
    outcome = "nothing_playing";
  } else {
    TrackEvent event = *update->now;
    stamp_.stamp(event, std::chrono::system_clock::now());
    if (!context_.publisher().publish(std::move(event))) outcome = "duplicate";
  }
  updates_.with(outcome).add();
  activity_.heard(peer, outcome);
}

}  // namespace airbridge::rivendell
