// The smallest useful input, built outside the airbridge tree against the installed SDK:
// it declares one key and publishes one greeting track when started. docs/writing-a-plugin.md
// walks through it.
#include <airbridge/plugin_export.hpp>

namespace hello {

struct HelloConfig {
  std::string greeting = "hello";  // the default, written once

  static const airbridge::ConfigKeys<HelloConfig>& keys() {
    static const auto keys = airbridge::ConfigKeys<HelloConfig>()
        .key("greeting", &HelloConfig::greeting, "the title of the one track it publishes");
    return keys;
  }
};

class HelloSource final : public airbridge::Plugin {
 public:
  HelloSource(HelloConfig config, airbridge::PluginContext& context)
      : config_(std::move(config)), context_(context) {}

  void start() override {
    airbridge::TrackEvent event;
    event.kind = "other";
    event.title = config_.greeting;
    event.source = context_.instanceName();
    context_.publisher().publish(event);
  }
  void stop() noexcept override {}

 private:
  const HelloConfig config_;
  airbridge::PluginContext& context_;
};

}  // namespace hello

AIRBRIDGE_DECLARE_PLUGIN("hello", "0.1.0", "publishes one greeting when it starts", hello::HelloSource,
                         hello::HelloConfig)
