#pragma once
/// What the host gives each plugin instance: its logger, the publisher into the bus, read access
/// to now playing and history, the shared HTTP listeners, metrics and station facts.

#include <airbridge/event_store.hpp>
#include <airbridge/http_routes.hpp>
#include <airbridge/logger.hpp>
#include <airbridge/metrics.hpp>
#include <airbridge/track_event.hpp>

#include <string>

namespace airbridge {

/// Thread-safe; never blocks on sinks. Takes the event by value so the host allocates whatever
/// outlives the call. Returns false when the bus dropped it as a duplicate.
class Publisher {
 public:
  virtual ~Publisher() = default;
  virtual bool publish(EventPayload event) = 0;
  /// For a bridge between nodes: an event another node admitted. Its origin and admission time
  /// are kept, and so is its sequence when it is ahead of ours (nodes then share one sequence);
  /// otherwise it gets our next one. Dedupe applies as for publish(). Returns false for a
  /// duplicate.
  virtual bool publishReplica(Dispatch event) = 0;
};

struct StationInfo {
  std::string name;      ///< "KJHK 90.7 FM"
  std::string timezone;  ///< IANA zone of the station's local times
  std::string node_id;   ///< this airbridge node's id, the origin of what it admits
};

class PluginContext {
 public:
  virtual ~PluginContext() = default;
  virtual const Logger& log() const = 0;
  /// The instance's `name` from the YAML.
  virtual const std::string& instanceName() const = 0;
  virtual Publisher& publisher() = 0;
  virtual const EventStore& store() const = 0;
  virtual HttpRoutes& http() = 0;
  virtual Metrics& metrics() = 0;
  virtual const StationInfo& station() const = 0;
  /// True once every instance has started, false again once shutdown begins (for /readyz).
  virtual bool hostReady() const = 0;
};

}  // namespace airbridge
