#pragma once
// airbridge with a Zetta source, the http sink, a websocket sink and (optionally) the schedule
// plugin, for REST, SSE and schedule end-to-end tests.

#include "airbridge_process.hpp"
#include "net_client.hpp"
#include "plugin_folder.hpp"

#include <memory>
#include <vector>

namespace airbridge::testing {

class HttpRig {
 public:
  /// `http_keys` are extra keys of the http sink; `extra_sinks` more sinks (lines that start
  /// with a key, not "- plugin:", are more keys of the websocket sink); `top` top-level YAML.
  /// `storage_dir`: where the event store lives (none: storage off). `launcher` goes before the
  /// binary (`prlimit --nofile=96`).
  explicit HttpRig(const std::string& http_keys = "", const std::string& extra_sinks = "",
                   const std::string& top = "", const std::filesystem::path& storage_dir = {},
                   std::vector<std::string> launcher = {})
      : process_(std::make_unique<AirbridgeProcess>(
            configPreamble(plugins_.path(), storage_dir) + top +
            "sources:\n  - plugin: zetta\n    name: studio\n    listen: 127.0.0.1:0\n"
            "sinks:\n  - plugin: http\n    name: web\n    listen: 127.0.0.1:0\n" + http_keys +
            "  - plugin: websocket\n    name: ws\n    listen: 127.0.0.1:0\n" + extra_sinks,
            std::vector<std::string>{}, std::move(launcher))) {
    port_ = process_->portAfter("http listening on ");
    feed_ = std::make_unique<ZettaFeed>(process_->portAfter("listening for Zetta on "));
    if (!process_->waitForLog("running")) throw std::runtime_error(process_->log());
  }

  AirbridgeProcess& process() { return *process_; }
  int port() const { return port_; }
  void send(const std::string& document) { feed_->send(document); }
  /// Sends and waits until the http sink has published it (sinks run behind the bus, each on
  /// its own worker), so REST and SSE reads see it.
  void sendAndWait(const std::string& document, const std::string& title) {
    send(document);
    const std::string needle = "\"title\":\"" + title + "\"";
    if (!eventually([&] { return httpGet(port_, "/v1/now-playing").body.find(needle) != std::string::npos; })) {
      throw std::runtime_error("not published: " + title + "\n" + process_->log());
    }
  }

 private:
  PluginFolder plugins_;
  std::unique_ptr<AirbridgeProcess> process_;
  int port_ = 0;
  std::unique_ptr<ZettaFeed> feed_;
};

}  // namespace airbridge::testing
