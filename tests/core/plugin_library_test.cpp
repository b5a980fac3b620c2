#include "app/instance_context.hpp"
#include "bus/event_bus.hpp"
#include "http/http_listeners.hpp"
#include "metrics/metric_registry.hpp"
#include "plugin_host/plugin_catalog.hpp"
#include "support/airbridge_process.hpp"
#include "support/config_fixture.hpp"

#include <catch2/catch.hpp>

using namespace airbridge;
using namespace airbridge::core;
using airbridge::testing::BuildPaths;
using Catch::Matchers::Contains;
using namespace std::chrono_literals;

namespace {
struct HostParts {
  MetricRegistry metrics;
  Logger log{"test"};
  EventBus bus{BusSettings{"n", 10min, 100, 10}, metrics, log};
  HttpListeners http{log, HttpListenerSettings{}, metrics};
  StationInfo station{"s", "UTC", "n"};
  std::atomic<bool> ready{true};
  InstanceContext context{"probe", "p", bus, bus, http, metrics, station, ready};
};
}  // namespace

TEST_CASE("plugin library: each broken plugin is refused with its file and the fix",
          "[core][plugins]") {
  PluginCatalog catalog(BuildPaths::testPlugins());
  CHECK_THROWS_WITH(catalog.get("absent"), Contains("libairbridge_absent.so: no such plugin file"));
  CHECK_THROWS_WITH(catalog.get("notaplugin"),
                    Contains("libairbridge_notaplugin.so: is not an airbridge plugin"));
  CHECK_THROWS_WITH(catalog.get("oldapi"),
                    Contains("libairbridge_oldapi.so: was built for plugin API 0") &&
                        Contains("rebuild the plugin against the installed headers"));
  CHECK_THROWS_WITH(catalog.get("misnamed"),
                    Contains("calls itself 'something_else' but was loaded as plugin 'misnamed'"));
  // A second request gives the same answer without loading again.
  CHECK_THROWS_WITH(catalog.get("oldapi"), Contains("was built for plugin API 0"));
}

TEST_CASE("plugin library: objects keep their library loaded after the catalog is gone",
          "[core][plugins]") {
  HostParts host;
  std::shared_ptr<Plugin> sink;
  {
    PluginCatalog catalog(BuildPaths::testPlugins());
    const PluginLibrary& library = catalog.get("probe");
    CHECK(std::string(library.info().version) == "0.0.1");
    CHECK(library.keys().size() == 5);
    CHECK(library.keys().front().name == "listen");
    CHECK(library.keys().front().default_value == "required");
    sink = library.create(testing::sectionFromYaml("listen: 127.0.0.1:0\n"), host.context);
  }
  // The catalog (and its handle on the library) is gone; the plugin's code must still be there.
  REQUIRE(sink->consumer() != nullptr);
  auto dispatch = std::make_shared<Dispatch>();
  dispatch->payload = TrackEvent{};
  sink->start();
  sink->consumer()->deliver(dispatch);
  sink->stop();
  sink.reset();  // last owner: the object dies, then the library is unloaded
  SUCCEED("plugin code ran after its catalog was destroyed");
}
