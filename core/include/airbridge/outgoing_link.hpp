#pragma once
/// A TCP link airbridge dials and keeps up (Zetta's connect mode, Rivendell's PAD service):
/// connect with a deadline, hand the socket to the plugin's session until it ends, then retry
/// with a backoff from `min` doubling to `max`. A link that stays down is logged once, not at
/// every retry; each end of a session is logged with the reason the session gives.

#include <airbridge/duration.hpp>
#include <airbridge/logger.hpp>
#include <airbridge/metrics.hpp>
#include <airbridge/sdk_export.hpp>
#include <airbridge/socket_address.hpp>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace Poco::Net {
class StreamSocket;
}

namespace airbridge {

class AIRBRIDGE_SDK_API OutgoingLink {
 public:
  class Session {
   public:
    virtual ~Session() = default;
    /// Reads the connected socket until the link ends or `stopping` is set (check it at least
    /// every second). Returns why the link ended, for the log ("closed the connection").
    virtual std::string run(Poco::Net::StreamSocket& socket, const std::atomic<bool>& stopping) = 0;
  };

  struct Settings {
    std::string peer_name;  ///< "Zetta", "Rivendell's PAD service": how the log names the peer
    SocketAddress target;
    Duration reconnect_min{1000};
    Duration reconnect_max{30000};
  };

  /// `metrics_name` gets result="connected" and result="failed", labelled `labels`.
  OutgoingLink(Settings settings, Session& session, const Logger& log, Metrics& metrics,
               const std::string& metrics_name, const std::string& labels);
  ~OutgoingLink();

  void start();
  void stop() noexcept;

 private:
  void run();
  /// Sleeps for `delay` unless stop() comes first; false when stopping.
  bool pause(Duration delay);

  const Settings settings_;
  Session& session_;
  const Logger& log_;
  Counter& connects_;
  Counter& failures_;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::condition_variable wake_;
  std::thread thread_;
};

}  // namespace airbridge
