// The icecast output against Debian's real icecast2, started by the test on loopback with dummy
// sources: the stream title of a UTF-8 mount and of a default (ISO-8859-1) one, read back from
// /status-json.xsl, and the "will not accept URL updates" trap reported as the error it is.

#include "support/airbridge_process.hpp"
#include "support/net_client.hpp"
#include "support/recording_http_server.hpp"

#include <Poco/Base64Encoder.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/StreamSocket.h>
#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <sstream>

using namespace airbridge::testing;
using Catch::Matchers::Contains;
using namespace std::chrono_literals;

namespace {

constexpr const char* kSourcePassword = "source-secret";
constexpr const char* kAdminPassword = "admin-secret";

/// icecast2 on a free loopback port, with one mount declared UTF-8 (the others are Icecast's
/// default for MP3: ISO-8859-1).
class IcecastServer {
 public:
  IcecastServer() : port_(unusedPort()) {
    chmod(dir_.path().c_str(), 0777);  // icecast drops root for its own user and logs here
    const std::string owner = getuid() == 0
        ? "<changeowner><user>icecast2</user><group>icecast</group></changeowner>" : "";
    const auto config = dir_.write("icecast.xml", fmt::format(
        "<icecast><limits><sources>8</sources></limits>"
        "<authentication><source-password>{}</source-password><admin-user>admin</admin-user>"
        "<admin-password>{}</admin-password></authentication><hostname>127.0.0.1</hostname>"
        "<listen-socket><port>{}</port><bind-address>127.0.0.1</bind-address></listen-socket>"
        "<mount><mount-name>/utf8.mp3</mount-name><charset>UTF-8</charset></mount>"
        "<paths><basedir>/usr/share/icecast2</basedir><logdir>{}</logdir>"
        "<webroot>/usr/share/icecast2/web</webroot><adminroot>/usr/share/icecast2/admin</adminroot></paths>"
        "<logging><accesslog>access.log</accesslog><errorlog>error.log</errorlog><loglevel>3</loglevel></logging>"
        "<security><chroot>0</chroot>{}</security></icecast>",
        kSourcePassword, kAdminPassword, port_, dir_.path().string(), owner));
    chmod(config.c_str(), 0644);
    process_ = std::make_unique<ChildProcess>(std::vector<std::string>{"/usr/bin/icecast2", "-c", config.string()});
    REQUIRE(eventually([&] { return titles().has_value(); }, 10s));
  }
  ~IcecastServer() {
    stopping_.store(true);
    for (auto& feeder : feeders_) feeder.join();
    process_->stop(SIGTERM, 5s);
  }

  int port() const { return port_; }

  /// A dummy MP3 source on `mount`, connecting from `from` (a loopback address), fed until the end.
  void addSource(const std::string& mount, const std::string& from = "127.0.0.1") {
    auto socket = std::make_shared<Poco::Net::StreamSocket>(Poco::Net::SocketAddress::IPv4);
    socket->impl()->bind(Poco::Net::SocketAddress(from, 0), false);
    socket->connect(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port_)));
    std::ostringstream credentials;
    Poco::Base64Encoder encoder(credentials);
    encoder << "source:" << kSourcePassword;
    encoder.close();
    const std::string head = fmt::format(
        "PUT {} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nAuthorization: Basic {}\r\nContent-Type: audio/mpeg\r\n"
        "Ice-Public: 0\r\n\r\n", mount, port_, credentials.str());
    socket->sendBytes(head.data(), static_cast<int>(head.size()));
    feeders_.emplace_back([this, socket] {
      const std::string bytes(2048, '\x55');  // any bytes: Icecast passes them through
      while (!stopping_.load()) {
        try {
          socket->sendBytes(bytes.data(), static_cast<int>(bytes.size()));
        } catch (const std::exception&) {
          return;
        }
        std::this_thread::sleep_for(100ms);
      }
    });
    REQUIRE(eventually([&] { return titles() && titles()->count(mount) == 1; }, 5s));
  }

  /// mount -> stream title ("" when none) from /status-json.xsl, or nullopt while it is down.
  std::optional<std::map<std::string, std::string>> titles() const {
    try {
      const auto answer = httpGet(port_, "/status-json.xsl");
      if (answer.status != 200) return std::nullopt;
      Poco::JSON::Parser parser;
      const auto stats = parser.parse(answer.body).extract<Poco::JSON::Object::Ptr>()->getObject("icestats");
      std::map<std::string, std::string> out;
      if (!stats->has("source")) return out;
      auto add = [&](Poco::JSON::Object::Ptr source) {
        const std::string url = source->getValue<std::string>("listenurl");
        out[url.substr(url.find('/', 7))] = source->has("title") ? source->getValue<std::string>("title") : "";
      };
      if (auto list = stats->getArray("source")) {
        for (unsigned i = 0; i < list->size(); ++i) add(list->getObject(i));
      } else {
        add(stats->getObject("source"));
      }
      return out;
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }

  std::string titleOf(const std::string& mount) const {
    const auto all = titles();
    return all && all->count(mount) ? all->at(mount) : "(no such mount)";
  }

 private:
  TempDir dir_;
  const int port_;
  std::unique_ptr<ChildProcess> process_;
  std::atomic<bool> stopping_{false};
  std::vector<std::thread> feeders_;
};

std::string zettaSong(const std::string& title, const std::string& artist, int id) {
  return fmt::format(
      "<?xml version=\"1.0\" encoding=\"utf-8\"?><ZettaLite><LogEventCollection><LogEvent Type=\"SONG\" "
      "Status=\"CURRENT\" ZettaId=\"{0}\" StartTime=\"2026-09-14T19:03:12Z\"><Asset Type=\"SONG\" "
      "Title=\"{1}\" Artist1=\"{2}\" ZettaId=\"{0}\" TotalLength=\"200\"/></LogEvent></LogEventCollection>"
      "</ZettaLite>",
      id, title, artist);
}

std::string config(int icecast_port, const std::string& keys) {
  return configPreamble() +
         "sources:\n  - plugin: zetta\n    name: studio\n    listen: 127.0.0.1:0\n"
         "sinks:\n  - plugin: icecast\n    name: stream\n" +
         fmt::format("    url: http://127.0.0.1:{}\n    retry_min: 50ms\n    retry_max: 200ms\n", icecast_port) +
         keys;
}

}  // namespace

TEST_CASE("icecast e2e: a non-ASCII title on a UTF-8 mount and on a Latin-1 one", "[e2e][icecast]") {
  REQUIRE(std::filesystem::exists("/usr/bin/icecast2"));  // scripts/setup.sh installs icecast2
  IcecastServer icecast;
  icecast.addSource("/utf8.mp3");
  icecast.addSource("/live.mp3");
  AirbridgeProcess utf8(config(icecast.port(), fmt::format(
      "    mounts: [/utf8.mp3]\n    password: {}\n    charset: UTF-8\n", kAdminPassword)));
  AirbridgeProcess latin1(config(icecast.port(), fmt::format(
      "    mounts: [/live.mp3]\n    password: {}\n    charset: ISO-8859-1\n", kAdminPassword)));
  ZettaFeed(utf8.portAfter("listening for Zetta on ")).send(zettaSong("Jóga", "Björk – Live", 1));
  ZettaFeed(latin1.portAfter("listening for Zetta on ")).send(zettaSong("Jóga", "Björk – Live", 1));
  CHECK(eventually([&] { return icecast.titleOf("/utf8.mp3") == "Björk – Live - Jóga"; }, 5s));
  // Latin-1 keeps ö and ó; the en dash Latin-1 lacks becomes "-", not Icecast's "&#8211;".
  CHECK(eventually([&] { return icecast.titleOf("/live.mp3") == "Björk - Live - Jóga"; }, 5s));
  INFO(icecast.titleOf("/utf8.mp3") << " | " << icecast.titleOf("/live.mp3"));
  CHECK_THAT(utf8.log(), !Contains("could not deliver"));
}

TEST_CASE("icecast e2e: source credentials from another host are reported, not taken for success",
          "[e2e][icecast]") {
  IcecastServer icecast;
  icecast.addSource("/other.mp3", "127.0.0.2");  // the encoder's host is not airbridge's
  AirbridgeProcess airbridge(config(icecast.port(), fmt::format(
      "    mounts: [/other.mp3]\n    user: source\n    password: {}\n", kSourcePassword)));
  ZettaFeed(airbridge.portAfter("listening for Zetta on ")).send(zettaSong("Glass Harbor", "The Lowland Static", 2));
  REQUIRE(airbridge.waitForLog("Mountpoint will not accept URL updates", 5s));
  CHECK_THAT(airbridge.log(), Contains("Icecast kept the title of /other.mp3") &&
                                  Contains("use the admin user (user: admin"));
  CHECK(icecast.titleOf("/other.mp3").empty());
}

TEST_CASE("icecast e2e: Shoutcast v1's admin.cgi, through a server standing in for it", "[e2e][icecast]") {
  // Shoutcast v1 is not in Debian: a recording server checks the exact request instead.
  RecordingHttpServer shoutcast([](const RecordedRequest&, std::size_t) {
    return CannedAnswer{200, "text/html", "<html><body>Update Successful</body></html>"};
  });
  AirbridgeProcess airbridge(config(shoutcast.port(),
      "    server: shoutcast1\n    password: dj pass&1\n    charset: ISO-8859-1\n"));
  ZettaFeed(airbridge.portAfter("listening for Zetta on ")).send(zettaSong("Jóga", "Björk – Live", 3));
  REQUIRE(eventually([&] { return !shoutcast.requests().empty(); }, 5s));
  // Latin-1 bytes, percent-encoded: ö is %F6, ó is %F3, the en dash became "-".
  CHECK(shoutcast.requests()[0].uri == "/admin.cgi?pass=dj%20pass%261&mode=updinfo&song=Bj%F6rk%20-%20Live%20-%20J%F3ga");
  CHECK_THAT(airbridge.log(), !Contains("could not deliver"));
}
