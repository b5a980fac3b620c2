#pragma once
// The http Sink: REST (now playing, history), Server-Sent Events, health, readiness, metrics and
// the demo page, on the host's shared listener (it claims "/", so more specific claims such as
// /ws or /v1/schedule win).

#include "http_config.hpp"
#include "sse_streams.hpp"

#include <airbridge/http_responder.hpp>
#include <airbridge/plugin.hpp>
#include <airbridge/published_log.hpp>

#include <atomic>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>

namespace airbridge::http {

class HttpSink final : public ConsumerPlugin, public HttpEndpoint {
 public:
  HttpSink(HttpSinkConfig config, const ConfigSection& section, PluginContext& context);
  ~HttpSink() override;

  void start() override;
  void deliver(const SharedDispatch& event) override;
  void stop() noexcept override;
  /// In place: delay, kinds, filters, next, sse_max_connections, demo_page, metrics. Anything
  /// else (listen, buffers, windows, loops, CORS) needs a new instance.
  bool reconfigure(const ConfigSection& section, const std::vector<std::string>& changed) override;
  void handle(const HttpRequest& request, HttpReply& reply) override;

 private:
  /// The answers to the cacheable GETs, made when the state changes (on the sink's thread) and
  /// shared by every request until the next change.
  struct PreparedAnswers {
    std::shared_ptr<const PreparedBody> now_playing;
    std::shared_ptr<const PreparedBody> history_first_page;
  };
  std::shared_ptr<const PreparedAnswers> prepared() const;
  void prepareAnswers();
  std::string historyPage(std::size_t limit, std::optional<std::uint64_t> before) const;
  void history(const HttpRequest& request, HttpReply& reply);
  void events(const HttpRequest& request, HttpReply& reply);
  void remember(const SharedDispatch& event);
  std::string readyChunk(const PublishedLog<SharedChunk>::Snapshot& state, bool resume_failed) const;
  /// Runs on an SSE loop thread (see SseStreams::Greeting).
  SseStreams::Greeting greetingFor(const std::string& last_event_id) const;

  const HttpSinkConfig config_;  ///< as started; what reconfigure() changes is held below
  PluginContext& context_;
  LiveSinkEvents events_;
  std::atomic<int> sseMaxConnections_;
  std::atomic<bool> demoPageOn_;
  std::atomic<bool> metricsOn_;
  HttpResponder responder_;
  PublishedLog<SharedChunk> published_;
  mutable std::mutex historyMutex_;
  std::deque<SharedDispatch> history_;  // published tracks, newest last
  std::atomic<int> streamCount_{0};
  Gauge& streamGauge_;
  Counter& closedSlow_;
  std::unique_ptr<SseStreams> streams_;
  std::unique_ptr<FanoutPool> loops_;
  const PreparedBody healthy_;
  const PreparedBody ready_;
  const PreparedBody demoPage_;
  mutable std::mutex preparedMutex_;
  std::shared_ptr<const PreparedAnswers> prepared_;
};

}  // namespace airbridge::http
