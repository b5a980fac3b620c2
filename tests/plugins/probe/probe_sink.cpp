// A sink for tests: it records every event it is handed and shows them over the host's shared
// HTTP listener, so end-to-end tests observe the real bus from outside the process. It can also
// misbehave on purpose (slow, throwing, stuck) to test that the host isolates it.
//
//   GET <path>        one JSON dispatch per line, in delivery order
//   GET <path>/state  {"now": ..., "history": [...], "last_sequence": N} from the EventStore

#include <airbridge/plugin_export.hpp>

#include <fmt/format.h>

#include <condition_variable>
#include <mutex>
#include <thread>

namespace airbridge::probe {
namespace {

class ProbeSink final : public Sink, public HttpEndpoint {
 public:
  ProbeSink(const ConfigSection& section, PluginContext& context) : context_(context) {
    const auto listen = section.required<SocketAddress>("listen");
    path_ = section.optional<std::string>("path", "/probe");
    delay_ = section.optional<Duration>("delay", Duration{0});
    fail_ = section.optional<bool>("fail", false);
    stuck_ = section.optional<bool>("stuck", false);
    context.http().claim(section, "path", listen, path_, *this);
    context.http().claim(section, "path", listen, path_ + "/state", *this);
    section.finish();
  }

  void start() override {}

  void deliver(const SharedDispatch& event) override {
    if (stuck_) {
      std::unique_lock lock(mutex_);
      stuckForever_.wait(lock, [] { return false; });  // never returns: a hung sink
    }
    if (delay_.count() > 0) std::this_thread::sleep_for(delay_);
    if (fail_) throw std::runtime_error(fmt::format("probe told to fail on event {}", event->sequence));
    std::lock_guard lock(mutex_);
    lines_ += toJson(*event);
    lines_ += '\n';
  }

  void stop() noexcept override {}

  void handle(const HttpRequest& request, HttpReply& reply) override {
    std::string body;
    if (request.path.ends_with("/state")) {
      const auto now = context_.store().nowPlaying();
      std::string history = "[";
      for (const auto& event : context_.store().history(1000, std::nullopt)) {
        if (history.size() > 1) history += ',';
        history += toJson(*event);
      }
      history += ']';
      body = fmt::format(R"({{"now":{},"history":{},"last_sequence":{}}})",
                         now ? toJson(*now) : "null", history, context_.store().lastSequence());
    } else {
      std::lock_guard lock(mutex_);
      body = lines_;
    }
    reply.setBody("application/json", std::move(body));
  }

 private:
  PluginContext& context_;
  std::string path_;
  Duration delay_{0};
  bool fail_ = false;
  bool stuck_ = false;
  std::mutex mutex_;
  std::condition_variable stuckForever_;
  std::string lines_;
};

const PluginInfo kInfo{kPluginApiVersion, "probe", "0.0.1", AIRBRIDGE_ABI_TAG};

std::unique_ptr<Sink> createProbe(const ConfigSection& section, PluginContext& context) {
  return std::make_unique<ProbeSink>(section, context);
}

}  // namespace
}  // namespace airbridge::probe

AIRBRIDGE_EXPORT_SINK(airbridge::probe::kInfo, airbridge::probe::createProbe)
