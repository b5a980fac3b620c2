#pragma once
/// What every output to the station's chain shares (the RDS encoder, Icecast, webhooks, TuneIn,
/// files): the sink options every sink has (delay, kinds, filters, next), the delivery options
/// every output has (timeout, retry_min, retry_max, retries), and a delivery queue of its own,
/// so that a slow or dead peer costs this output alone. A plugin supplies what is its own: which
/// events it takes, and what it sends for one.
///
///   struct RdsConfig {
///     ...
///     SinkEventOptions events;
///     OutputDeliveryOptions delivery;
///     static const ConfigKeys<RdsConfig>& keys();  // .include(OutputDeliveryOptions::keys(), ...)
///   };

#include <airbridge/config_keys.hpp>
#include <airbridge/delivery_queue.hpp>
#include <airbridge/plugin.hpp>
#include <airbridge/sink_options.hpp>
#include <airbridge/text_template.hpp>

#include <optional>
#include <string>

namespace airbridge {

struct AIRBRIDGE_SDK_API OutputDeliveryOptions {
  Duration timeout{10'000};     ///< for connecting and for each request or write
  Duration retry_min{1'000};
  Duration retry_max{60'000};
  int retries = 5;

  /// timeout, retry_min, retry_max, retries: include() them in an output's own keys.
  static const ConfigKeys<OutputDeliveryOptions>& keys();
  DeliverySettings settings(bool latest_wins, std::size_t capacity = 1000) const {
    return DeliverySettings{retry_min, retry_max, retries, latest_wins, capacity};
  }
};

/// What an output shows for a track: one template for songs, another (optional) for links, spots
/// and the like; without it those leave the output showing the last song.
class AIRBRIDGE_SDK_API TrackText {
 public:
  TrackText(const std::string& song, const std::string& other, TextEscape escape);
  bool covers(const TrackEvent& track) const { return track.kind == "song" || other_.has_value(); }
  /// Only for a track covers() accepts.
  std::string render(const TrackEvent& track, const TemplateFields& fields) const;

 private:
  TextTemplate song_;
  std::optional<TextTemplate> other_;
};

/// The host calls stop() before it destroys a plugin, so no job runs while a subclass's members
/// are destroyed.
class AIRBRIDGE_SDK_API OutputPlugin : public ConsumerPlugin {
 public:
  ~OutputPlugin() override;
  void start() final;
  void deliver(const SharedDispatch& event) final;
  void stop() noexcept final;
  /// The delivery queue's state: waiting jobs, the last success and the last failure with the
  /// peer's answer.
  std::string statusJson() const override { return queue_.statusJson(); }
  /// In place: delay, kinds, filters, next, and the output's own inPlaceKeys() (applied by
  /// reconfigureOwn). Any other changed key needs a new instance.
  bool reconfigure(const ConfigSection& section, const std::vector<std::string>& changed) final;

 protected:
  /// `latest_wins`: only the newest job waits (a stream title, RDS); false: every event counts,
  /// in order (webhooks), at most `capacity` waiting. The options are copied: a subclass passes
  /// its config's before it moves the config into its own member.
  OutputPlugin(SinkEventOptions events, const OutputDeliveryOptions& delivery, bool latest_wins,
               PluginContext& context, std::size_t capacity = 1000);

  /// Whether this output sends anything for `event` (already through kinds and filters).
  virtual bool takes(const Dispatch& event) const = 0;
  /// Once `delay` has passed: post() the job that sends `event`.
  virtual void send(const Dispatch& event) = 0;
  /// After the queue started: log where this output sends to; replay what is on air if it wants.
  virtual void started() {}

  void post(std::string what, DeliveryQueue::Job job) { queue_.post(std::move(what), std::move(job)); }
  /// The template fields of a track: station, and the program on air now.
  TemplateFields fieldsOf(const TrackEvent& track) const;
  PluginContext& context() const { return context_; }
  /// The output's own keys it takes in place on SIGHUP (its templates, say); none by default.
  virtual std::vector<std::string_view> inPlaceKeys() const { return {}; }
  /// Applies those from the new section (already known to be valid); called from the signal
  /// thread while deliver() runs, so what it replaces is held in a LiveValue.
  virtual void reconfigureOwn(const ConfigSection& section) { (void)section; }

 private:
  LiveSinkEvents events_;
  PluginContext& context_;
  DeliveryQueue queue_;
};

}  // namespace airbridge
