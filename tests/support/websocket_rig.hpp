#pragma once
// airbridge with a Zetta source and websocket sink(s), for WebSocket end-to-end tests.

#include "airbridge_process.hpp"
#include "net_client.hpp"
#include "plugin_folder.hpp"
#include "ws_test_client.hpp"


#include <memory>

namespace airbridge::testing {

class WebsocketRig {
 public:
  /// `sinks` is the YAML list under sinks:; listen addresses should be 127.0.0.1:0.
  explicit WebsocketRig(const std::string& sinks, const std::string& top = "")
      : process_(std::make_unique<AirbridgeProcess>(
            configPreamble(plugins_.path()) + top +
            "sources:\n  - plugin: zetta\n    name: studio\n    listen: 127.0.0.1:0\n"
            "sinks:\n" + sinks)) {
    httpPort_ = process_->portAfter("http listening on ");
    feed_ = std::make_unique<ZettaFeed>(process_->portAfter("listening for Zetta on "));
    if (!process_->waitForLog("running")) throw std::runtime_error(process_->log());
  }

  AirbridgeProcess& process() { return *process_; }
  int port() const { return httpPort_; }
  void send(const std::string& document) { feed_->send(document); }
  std::unique_ptr<WsTestClient> connect(const std::string& path = "/ws",
                                        const std::map<std::string, std::string>& headers = {}) {
    return std::make_unique<WsTestClient>(httpPort_, path, headers);
  }
  /// Connects to /ws, reads HELLO, subscribes to both topics and returns READY's data.
  std::pair<std::unique_ptr<WsTestClient>, Poco::JSON::Object::Ptr> subscribed(
      const std::string& extra = "") {
    auto client = connect();
    client->receiveText();  // HELLO
    client->sendText(R"({"op":2,"d":{"topics":["now_playing","program"])" + extra + "}}");
    auto ready = parse(client->receiveText().value());
    return {std::move(client), ready};
  }

  /// Waits until the websocket sink at `path` greets new clients with `title` (sinks run behind
  /// the bus, each on its own worker): READY's now playing for v1, the first message for legacy.
  void waitPublished(const std::string& title, const std::string& path = "/ws") {
    const bool legacy = path.starts_with("/api/");
    const bool seen = eventually([&] {
      auto client = connect(path);
      if (!legacy) {
        client->receiveText();
        client->sendText(R"({"op":2,"d":{"topics":["now_playing"]}})");
      }
      const auto greeting = client->receiveText(std::chrono::seconds{1});
      return greeting && greeting->find("\"" + title + "\"") != std::string::npos;
    });
    if (!seen) throw std::runtime_error("never published: " + title + "\n" + process_->log());
  }

  static Poco::JSON::Object::Ptr parse(const std::string& text) { return jsonObject(text); }

 private:
  PluginFolder plugins_;
  std::unique_ptr<AirbridgeProcess> process_;
  int httpPort_ = 0;
  std::unique_ptr<ZettaFeed> feed_;
};

}  // namespace airbridge::testing
