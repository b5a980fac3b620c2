// Registers the http sink with the host: the only file here that knows about Boost.DLL.

#include "http_config.hpp"
#include "http_sink.hpp"

#include <airbridge/plugin_export.hpp>

namespace airbridge::http {
namespace {

const PluginInfo kInfo{kPluginApiVersion, "http", "1.0.0", AIRBRIDGE_ABI_TAG};

std::unique_ptr<Sink> createHttpSink(const ConfigSection& section, PluginContext& context) {
  auto sink = std::make_unique<HttpSink>(HttpSinkConfig::parse(section), section, context);
  section.finish();
  return sink;
}

}  // namespace
}  // namespace airbridge::http

AIRBRIDGE_EXPORT_SINK(airbridge::http::kInfo, airbridge::http::createHttpSink)
