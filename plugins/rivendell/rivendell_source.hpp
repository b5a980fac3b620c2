#pragma once
// The rivendell source: dials Rivendell's PAD service (the SDK's OutgoingLink keeps the link
// up) and publishes the chosen log machine's "now" cart, with "next" as its upcoming event.

#include "pad_stream_framer.hpp"
#include "rivendell_config.hpp"

#include <airbridge/mapped_fields.hpp>
#include <airbridge/metrics.hpp>
#include <airbridge/outgoing_link.hpp>
#include <airbridge/plugin.hpp>
#include <airbridge/plugin_context.hpp>
#include <airbridge/source_activity.hpp>

namespace airbridge::rivendell {

class RivendellSource final : public Plugin, private OutgoingLink::Session {
 public:
  RivendellSource(RivendellConfig config, PluginContext& context);

  void start() override { link_.start(); }
  void stop() noexcept override { link_.stop(); }
  std::string statusJson() const override { return activity_.json(); }

 private:
  std::string run(Poco::Net::StreamSocket& socket, const std::atomic<bool>& stopping) override;
  void handle(const std::string& document);
  /// A problem of the stream, logged once until a good update comes.
  void report(const std::string& problem);

  const RivendellConfig config_;
  PluginContext& context_;
  CounterFamily updates_;
  ArrivalStamp stamp_;
  SourceActivity activity_;
  std::string lastProblem_;
  OutgoingLink link_;  // last: its thread calls run() until it is destroyed
};

}  // namespace airbridge::rivendell
