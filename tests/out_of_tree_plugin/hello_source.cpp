// The smallest useful source: publishes one greeting track when started.
#include <airbridge/plugin_export.hpp>

namespace {

class HelloSource final : public airbridge::Source {
 public:
  explicit HelloSource(std::string greeting) : greeting_(std::move(greeting)) {}
  void start(airbridge::Publisher& out) override {
    airbridge::TrackEvent event;
    event.kind = "other";
    event.title = greeting_;
    event.source = "hello";
    out.publish(event);
  }
  void stop() noexcept override {}

 private:
  std::string greeting_;
};

const airbridge::PluginInfo kInfo{airbridge::kPluginApiVersion, "hello", "0.1.0", AIRBRIDGE_ABI_TAG};

std::unique_ptr<airbridge::Source> create(const airbridge::ConfigSection& section,
                                          airbridge::PluginContext&) {
  auto greeting = section.optional<std::string>("greeting", "hello");
  section.finish();
  return std::make_unique<HelloSource>(greeting);
}

}  // namespace

AIRBRIDGE_EXPORT_SOURCE(kInfo, create)
