// The smallest useful output, built outside the airbridge tree against the installed SDK: it
// takes events (so the host gives it a mailbox and a worker thread), counts the songs, and logs
// one line per event. docs/writing-a-plugin.md walks through it.
#include <airbridge/plugin_export.hpp>

#include <atomic>

namespace tally {

struct TallyConfig {
  std::string label = "heard";
  bool songs_only = false;

  static const airbridge::ConfigKeys<TallyConfig>& keys() {
    static const auto keys = airbridge::ConfigKeys<TallyConfig>()
        .key("label", &TallyConfig::label, "the word each log line starts with")
        .key("songs_only", &TallyConfig::songs_only, "count and log songs only");
    return keys;
  }
};

class TallySink final : public airbridge::ConsumerPlugin {
 public:
  TallySink(TallyConfig config, airbridge::PluginContext& context)
      : config_(std::move(config)), context_(context) {}

  void start() override {}

  // On this instance's own worker thread, in sequence order: a slow deliver() delays only it.
  void deliver(const airbridge::SharedDispatch& event) override {
    const airbridge::TrackEvent* track = event->track();
    if (!track || (config_.songs_only && track->kind != "song")) return;
    context_.log().info("{} #{}: {} ({} so far)", config_.label, event->sequence, track->title, ++count_);
  }

  void stop() noexcept override {}

 private:
  const TallyConfig config_;
  airbridge::PluginContext& context_;
  std::atomic<std::uint64_t> count_{0};
};

}  // namespace tally

AIRBRIDGE_DECLARE_PLUGIN("tally", "0.1.0", "logs and counts the events it takes", tally::TallySink,
                         tally::TallyConfig)
