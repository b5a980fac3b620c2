#pragma once
// The http_push source: a playout system calls a URL on the public port at every track change
// and the fields it sends become one event. The host's front door has already read the whole
// request under its deadlines and caps (http.max_body_bytes, header and body timeouts, a limit
// per client address), so a slow or flooding client holds only its own connection; this route
// sees only whole requests and answers from memory.

#include "http_push_config.hpp"

#include <airbridge/http_responder.hpp>
#include <airbridge/http_routes.hpp>
#include <airbridge/mapped_fields.hpp>
#include <airbridge/metrics.hpp>
#include <airbridge/plugin.hpp>
#include <airbridge/plugin_context.hpp>
#include <airbridge/source_activity.hpp>

#include <atomic>
#include <mutex>

namespace airbridge::http_push {

class HttpPushSource final : public Plugin, public HttpEndpoint {
 public:
  HttpPushSource(HttpPushConfig config, const ConfigSection& section, PluginContext& context);

  void start() override;
  void stop() noexcept override { accepting_.store(false); }
  void handle(const HttpRequest& request, HttpReply& reply) override;
  std::string statusJson() const override { return activity_.json(); }

 private:
  /// nullopt when the request may push; otherwise what to answer 401 with.
  std::optional<std::string> refusedSecret(const HttpRequest& request) const;
  /// A refusal's warning, at most once a minute per kind, with the client's address.
  void warnOnce(std::chrono::steady_clock::time_point& last, const std::string& message);

  const HttpPushConfig config_;
  PluginContext& context_;
  HttpResponder responder_;
  std::atomic<bool> accepting_{false};
  CounterFamily outcomes_;  // before the counters it makes
  Counter& published_;
  Counter& duplicates_;
  Counter& unauthorized_;
  Counter& unreadable_;
  SourceActivity activity_;
  std::mutex mutex_;  // the stamp and the warning clocks; requests come from several loops
  ArrivalStamp stamp_;
  std::chrono::steady_clock::time_point lastAuthWarning_{};
  std::chrono::steady_clock::time_point lastBodyWarning_{};
};

}  // namespace airbridge::http_push
