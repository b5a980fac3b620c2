#include "zetta_source.hpp"

namespace airbridge::zetta {

ZettaSource::ZettaSource(ZettaConfig config, const ConfigSection& section, PluginContext& context)
    : config_(std::move(config)),
      context_(context),
      intake_(context.instanceName(), context.publisher(), context.log(), context.metrics()) {
  if (config_.http_listen) http_ = std::make_unique<ZettaHttpIntake>(config_, intake_, section, context);
}

ZettaSource::~ZettaSource() { stop(); }

void ZettaSource::start() {
  intake_.open();
  const std::string& name = context_.instanceName();
  try {
    if (config_.listen) {
      listener_ = std::make_unique<ZettaTcpListener>(config_, intake_, context_.log(),
                                                     context_.metrics(), name);
      listener_->start();
    }
    if (http_) http_->start();
    if (config_.connect) {
      connector_ = std::make_unique<ZettaConnector>(config_, intake_, context_.log(),
                                                    context_.metrics(), name);
      connector_->start();
    }
  } catch (...) {
    stop();  // nothing half-started
    throw;
  }
  warnIfOpen();
}

void ZettaSource::warnIfOpen() const {
  if (!config_.allow.empty()) return;
  if (config_.listen && !config_.listen->isLoopback()) {
    context_.log().warning("Zetta listen {} is open to anyone who reaches it, and whoever connects "
                           "sets now playing: add allow: [the Zetta machine's address], or listen "
                           "on 127.0.0.1 behind a tunnel", config_.listen->toString());
  }
  if (config_.http_listen && !config_.http_listen->isLoopback() && config_.secret.empty()) {
    context_.log().warning("Zetta http_listen {} takes POSTs from anyone who reaches it: add "
                           "secret: (sent as Authorization: Bearer) or allow: [the senders' "
                           "addresses]", config_.http_listen->toString());
  }
}

void ZettaSource::stop() noexcept {
  if (connector_) connector_->stop();
  if (http_) http_->stop();
  if (listener_) listener_->stop();
}

}  // namespace airbridge::zetta
