#pragma once
// The http Sink: REST (now playing, history), Server-Sent Events, health, readiness, metrics and
// the demo page, on the host's shared listener (it claims "/", so more specific claims such as
// /ws or /v1/schedule win).

#include "http_config.hpp"
#include "sse_stream_loop.hpp"

#include <airbridge/http_responder.hpp>
#include <airbridge/plugin.hpp>
#include <airbridge/published_log.hpp>

#include <atomic>
#include <deque>
#include <memory>
#include <mutex>

namespace airbridge::http {

class HttpSink final : public Sink, public HttpEndpoint {
 public:
  HttpSink(HttpSinkConfig config, const ConfigSection& section, PluginContext& context);
  ~HttpSink() override;

  void start() override;
  void deliver(const SharedDispatch& event) override;
  void stop() noexcept override;
  void handle(Poco::Net::HTTPServerRequest& request,
              Poco::Net::HTTPServerResponse& response) override;

 private:
  void nowPlaying(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);
  void history(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);
  void events(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);
  void remember(const SharedDispatch& event);
  std::string readyChunk(const PublishedLog<SharedChunk>::Snapshot& state, bool resume_failed) const;
  /// Runs on the SSE loop thread (see SseStreamLoop::Greeting).
  SseStreamLoop::Greeting greetingFor(const std::string& last_event_id) const;

  const HttpSinkConfig config_;
  PluginContext& context_;
  HttpResponder responder_;
  PublishedLog<SharedChunk> published_;
  mutable std::mutex historyMutex_;
  std::deque<SharedDispatch> history_;  // published tracks, newest last
  std::unique_ptr<SseStreamLoop> streams_;
  std::atomic<int> streamCount_{0};
  Gauge& streamGauge_;
  PublishDelay delay_;
};

}  // namespace airbridge::http
