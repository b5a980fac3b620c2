// The smallest useful output, built outside the airbridge tree against the installed SDK: it
// takes events (so the host gives it a mailbox and a worker thread), counts the songs, and logs
// one line per event; SIGHUP changes its keys in place, so the count goes on. docs/writing-a-plugin.md
// walks through it.
#include <airbridge/in_place_check.hpp>
#include <airbridge/live_value.hpp>
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
    const auto config = config_.get();  // whole, even if SIGHUP replaces it meanwhile
    const airbridge::TrackEvent* track = event->track();
    if (!track || (config->songs_only && track->kind != "song")) return;
    context_.log().info("{} #{}: {} ({} so far)", config->label, event->sequence, track->title, ++count_);
  }

  // SIGHUP: both of its keys change in place, so the count goes on.
  bool reconfigure(const airbridge::ConfigSection& section, const std::vector<std::string>& changed) override {
    if (!airbridge::onlyInPlaceKeys(context_.log(), changed, {"label", "songs_only"})) return false;
    config_.set(TallyConfig::keys().parse(section));
    return true;
  }

  void stop() noexcept override {}

 private:
  airbridge::LiveValue<TallyConfig> config_;
  airbridge::PluginContext& context_;
  std::atomic<std::uint64_t> count_{0};
};

}  // namespace tally

AIRBRIDGE_DECLARE_PLUGIN("tally", "0.1.0", "logs and counts the events it takes", tally::TallySink,
                         tally::TallyConfig)
