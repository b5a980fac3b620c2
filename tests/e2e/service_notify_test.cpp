// airbridge under a Type=notify unit, with a test-side datagram socket standing in for systemd's
// NOTIFY_SOCKET: READY only once every listener is up, WATCHDOG pings at half WATCHDOG_USEC,
// RELOADING then READY on SIGHUP, STOPPING when SIGTERM comes.

#include "support/airbridge_process.hpp"
#include "support/net_client.hpp"
#include "support/plugin_folder.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <csignal>
#include <regex>

using namespace airbridge::testing;
using Catch::Matchers::Contains;
using namespace std::chrono_literals;

namespace {

/// What systemd would receive: every datagram, in order.
class NotifySocket {
 public:
  NotifySocket() : path_(std::filesystem::temp_directory_path() / fmt::format("airbridge-notify-{}", ::getpid())) {
    std::filesystem::remove(path_);
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::snprintf(address.sun_path, sizeof address.sun_path, "%s", path_.c_str());
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) throw std::runtime_error("bind");
  }
  ~NotifySocket() {
    ::close(fd_);
    std::filesystem::remove(path_);
  }
  std::string path() const { return path_.string(); }
  /// Every message received so far, appended to what was read before.
  const std::vector<std::string>& messages() {
    char buffer[4096];
    ssize_t got = 0;
    while ((got = ::recv(fd_, buffer, sizeof buffer, 0)) > 0) messages_.emplace_back(buffer, static_cast<std::size_t>(got));
    return messages_;
  }
  std::size_t count(const std::string& text) {
    std::size_t n = 0;
    for (const auto& message : messages()) n += message.find(text) != std::string::npos;
    return n;
  }

 private:
  std::filesystem::path path_;
  int fd_ = -1;
  std::vector<std::string> messages_;
};

}  // namespace

TEST_CASE("systemd: READY after the listeners, WATCHDOG while the bus answers, STOPPING at SIGTERM",
          "[e2e][systemd]") {
  NotifySocket systemd;
  PluginFolder plugins;
  AirbridgeProcess process(
      configPreamble(plugins.path()) +
          "sources:\n  - plugin: zetta\n    name: studio\n    listen: 127.0.0.1:0\n"
          "sinks:\n  - plugin: http\n    listen: 127.0.0.1:0\n",
      {}, {"/usr/bin/env", "NOTIFY_SOCKET=" + systemd.path(), "WATCHDOG_USEC=400000"});
  REQUIRE(eventually([&] { return systemd.count("READY=1") == 1; }));
  // READY came after every listener was up and every source started: both were logged before.
  const std::string logAtReady = process.log();
  CHECK_THAT(logAtReady, Contains("http listening on ") && Contains("listening for Zetta on "));
  const int port = process.portAfter("http listening on ");
  CHECK(httpGet(port, "/healthz").status == 200);
  CHECK(systemd.messages().front() == "READY=1\nSTATUS=running: 1 source(s), 1 sink(s)");
  CHECK(process.waitForLog("systemd watchdog: pinging every 200 ms"));
  REQUIRE(eventually([&] { return systemd.count("WATCHDOG=1") >= 4; }, 3s));
  // A reload is RELOADING=1 (with the monotonic time systemd asks for), then READY=1 again.
  ::kill(process.pid(), SIGHUP);
  REQUIRE(eventually([&] { return systemd.count("READY=1") == 2; }));
  std::vector<std::string> lifecycle;
  for (const auto& message : systemd.messages()) {
    if (message != "WATCHDOG=1") lifecycle.push_back(message);
  }
  REQUIRE(lifecycle.size() == 3);
  CHECK(std::regex_match(lifecycle[1], std::regex("RELOADING=1\nMONOTONIC_USEC=[0-9]+")));
  CHECK(lifecycle[2] == "READY=1\nSTATUS=running: 1 source(s), 1 sink(s)");
  CHECK(process.stop(SIGTERM, 5s) == 0);
  CHECK(systemd.messages().back() == "STOPPING=1");
}

TEST_CASE("systemd: without NOTIFY_SOCKET nothing is sent and nothing is said", "[e2e][systemd]") {
  PluginFolder plugins;
  AirbridgeProcess process(configPreamble(plugins.path()) +
                           "sinks:\n  - plugin: http\n    listen: 127.0.0.1:0\n");
  REQUIRE(process.waitForLog("running"));
  CHECK(process.stop(SIGTERM, 5s) == 0);
  CHECK_THAT(process.log(), !Contains("systemd"));
}
