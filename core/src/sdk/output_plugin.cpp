#include <airbridge/output_plugin.hpp>

#include <airbridge/in_place_check.hpp>

namespace airbridge {

const ConfigKeys<OutputDeliveryOptions>& OutputDeliveryOptions::keys() {
  using C = OutputDeliveryOptions;
  static const auto keys = ConfigKeys<C>()
      .key("timeout", &C::timeout, between(Duration{100}, Duration{120'000}),
           "for connecting and for each request or write")
      .key("retry_min", &C::retry_min, between(Duration{10}, Duration{3'600'000}),
           "first wait after a failed attempt, doubled up to retry_max")
      .key("retry_max", &C::retry_max, between(Duration{10}, Duration{3'600'000}),
           "longest wait between attempts")
      .key("retries", &C::retries, between(0, 1000), "attempts after the first before an update is dropped")
      .check([](const ConfigSection& section, C& options) {
        if (options.retry_max < options.retry_min) section.fail("retry_max", "must not be less than retry_min");
      });
  return keys;
}

OutputPlugin::OutputPlugin(SinkEventOptions events, const OutputDeliveryOptions& delivery,
                           bool latest_wins, PluginContext& context, std::size_t capacity)
    : events_(std::move(events)),
      context_(context),
      queue_(delivery.settings(latest_wins, capacity), context.log(), context.metrics(), context.instanceName()) {}

OutputPlugin::~OutputPlugin() { OutputPlugin::stop(); }

void OutputPlugin::start() {
  queue_.start();
  started();
}

void OutputPlugin::deliver(const SharedDispatch& incoming) {
  const SharedDispatch event = events_.apply(incoming);
  if (!event || !takes(*event) || !events_.wait(*event)) return;
  send(*event);
}

bool OutputPlugin::reconfigure(const ConfigSection& section, const std::vector<std::string>& changed) {
  if (!onlyInPlaceKeys(context_.log(), changed, sinkOptionKeysAnd(inPlaceKeys()))) return false;
  reconfigureOwn(section);
  events_.replace(SinkEventOptions::keys().read(section));  // a wait in progress follows the new delay
  return true;
}

void OutputPlugin::stop() noexcept {
  events_.stop();
  queue_.stop();
}

TrackText::TrackText(const std::string& song, const std::string& other, TextEscape escape) : song_(song, escape) {
  if (!other.empty()) other_.emplace(other, escape);
}

std::string TrackText::render(const TrackEvent& track, const TemplateFields& fields) const {
  return (track.kind == "song" || !other_ ? song_ : *other_).render(fields);
}

TemplateFields OutputPlugin::fieldsOf(const TrackEvent& track) const {
  return templateFields(track, context_.station(), context_.store().currentProgram().get());
}

}  // namespace airbridge
