// An output for tests: it records every event it is handed and shows them over the host's shared
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

struct ProbeConfig {
  SocketAddress listen;
  std::string path = "/probe";
  Duration delay{0};
  bool fail = false;
  bool stuck = false;

  static const ConfigKeys<ProbeConfig>& keys() {
    static const auto keys = ConfigKeys<ProbeConfig>()
        .required("listen", &ProbeConfig::listen, "shared HTTP address the probe is read on")
        .key("path", &ProbeConfig::path, "where the recorded events are served")
        .key("delay", &ProbeConfig::delay, between(Duration{0}, Duration{60'000}), "sleep in each delivery")
        .key("fail", &ProbeConfig::fail, "throw from every delivery")
        .key("stuck", &ProbeConfig::stuck, "never return from the first delivery");
    return keys;
  }
};

class ProbeSink final : public ConsumerPlugin, public HttpEndpoint {
 public:
  ProbeSink(const ConfigSection& section, PluginContext& context)
      : context_(context), config_(ProbeConfig::keys().parse(section)) {
    context.http().claim(section, "path", config_.listen, config_.path, *this);
    context.http().claim(section, "path", config_.listen, config_.path + "/state", *this);
  }

  void start() override {}

  void deliver(const SharedDispatch& event) override {
    if (config_.stuck) {
      std::unique_lock lock(mutex_);
      stuckForever_.wait(lock, [] { return false; });  // never returns: a hung sink
    }
    if (config_.delay.count() > 0) std::this_thread::sleep_for(config_.delay);
    if (config_.fail) throw std::runtime_error(fmt::format("probe told to fail on event {}", event->sequence));
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
  const ProbeConfig config_;
  std::mutex mutex_;
  std::condition_variable stuckForever_;
  std::string lines_;
};

const PluginInfo kInfo{kPluginApiVersion, "probe", "0.0.1", AIRBRIDGE_ABI_TAG,
                       "records every event for tests",
                       &declaredKeys<ProbeConfig>};

std::unique_ptr<Plugin> createProbe(const ConfigSection& section, PluginContext& context) {
  return std::make_unique<ProbeSink>(section, context);
}

}  // namespace
}  // namespace airbridge::probe

AIRBRIDGE_EXPORT_PLUGIN(airbridge::probe::kInfo, airbridge::probe::createProbe)
