#include "zetta_source.hpp"

namespace airbridge::zetta {

ZettaSource::ZettaSource(ZettaConfig config, PluginContext& context)
    : config_(std::move(config)),
      context_(context),
      intake_(context.instanceName(), context.log(), context.metrics()) {}

ZettaSource::~ZettaSource() { stop(); }

void ZettaSource::start(Publisher& out) {
  intake_.connect(out);
  const std::string& name = context_.instanceName();
  try {
    if (config_.listen) {
      listener_ = std::make_unique<ZettaTcpListener>(config_, intake_, context_.log(),
                                                     context_.metrics(), name);
      listener_->start();
    }
    if (config_.http_listen) {
      http_ = std::make_unique<ZettaHttpIntake>(config_, intake_, context_.log());
      http_->start();
    }
    if (config_.connect) {
      connector_ = std::make_unique<ZettaConnector>(config_, intake_, context_.log(),
                                                    context_.metrics(), name);
      connector_->start();
    }
  } catch (...) {
    stop();  // nothing half-started
    throw;
  }
}

void ZettaSource::stop() noexcept {
  if (connector_) connector_->stop();
  if (http_) http_->stop();
  if (listener_) listener_->stop();
}

}  // namespace airbridge::zetta
