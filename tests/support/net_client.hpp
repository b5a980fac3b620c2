#pragma once
// Small real clients for e2e tests: HTTP over Poco's client session, raw TCP for Zetta feeds.

#include <Poco/JSON/Object.h>
#include <Poco/Net/StreamSocket.h>

#include <filesystem>
#include <map>
#include <string>

namespace airbridge::testing {

struct HttpReply {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;
};

HttpReply httpRequest(int port, const std::string& method, const std::string& path,
                      const std::string& body = {},
                      const std::map<std::string, std::string>& headers = {});
inline HttpReply httpGet(int port, const std::string& path) { return httpRequest(port, "GET", path); }

/// A loopback port nothing listens on (for a server the test starts, or a refused connect).
int unusedPort();

/// A Zetta-like TCP feed into a source on 127.0.0.1:port.
class ZettaFeed {
 public:
  explicit ZettaFeed(int port);
  void send(const std::string& bytes);
  /// True when the server closed the connection within the deadline.
  bool closedByServer(std::chrono::milliseconds deadline);
  Poco::Net::StreamSocket& socket() { return socket_; }

 private:
  Poco::Net::StreamSocket socket_;
};

/// `text` parsed as a JSON object; throws when it is not one.
Poco::JSON::Object::Ptr jsonObject(const std::string& text);

/// tests/plugins/zetta/cases/<name>/input.xml
std::string zettaCase(const std::string& name);
std::string readText(const std::filesystem::path& file);
/// Number of non-empty lines.
std::size_t countLines(const std::string& text);

}  // namespace airbridge::testing

namespace airbridge::testing {
/// A one-event ZettaLite document with the given id and title (kind from `type`).
std::string zettaDocument(int zetta_id, const std::string& title, const std::string& artist = "Artist",
                          const std::string& type = "SONG");
}  // namespace airbridge::testing
