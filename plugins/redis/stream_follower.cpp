#include "stream_follower.hpp"

#include <Poco/Redis/Type.h>

namespace airbridge::redis {
namespace {

// How long one XREAD waits for news: bounds how long stop() takes, not the latency (XREAD
// returns as soon as an entry arrives).
constexpr Duration kReadBlock{500};
constexpr int kReadBatch = 256;
// The id before every entry: XREAD from here reads the whole stream.
constexpr std::string_view kStreamStart = "0-0";
// Skipped entries remembered so each is logged once; past this many the memory starts over.
constexpr std::size_t kReportedIdsKept = 4096;

}  // namespace

StreamFollower::StreamFollower(const RedisBridgeConfig& config, PluginContext& context,
                               LinkHealth& health)
    : config_(config),
      context_(context),
      health_(health),
      self_(context.station().node_id),
      received_(context.metrics().counter("airbridge_redis_events_total",
                                          "Events through the Redis stream", "direction=\"received\"")),
      duplicates_(context.metrics().counter("airbridge_redis_events_total",
                                            "Events through the Redis stream",
                                            "direction=\"received_duplicate\"")),
      malformed_(context.metrics().counter("airbridge_redis_malformed_entries_total",
                                           "Stream entries skipped because they could not be read")),
      sequenceGaps_(context.metrics().counter("airbridge_redis_refused_entries_total",
                                              "Well-formed stream entries refused as implausible",
                                              "reason=\"sequence_gap\"")),
      futureAdmissions_(context.metrics().counter("airbridge_redis_refused_entries_total",
                                                  "Well-formed stream entries refused as implausible",
                                                  "reason=\"future_admission\"")),
      link_(config) {}

void StreamFollower::start() {
  startedAt_ = std::chrono::system_clock::now();
  // The store was restored before sinks start: whatever it holds need not come again.
  for (const auto& event : context_.store().recent(config_.stream_length)) {
    if (event->origin == self_) continue;
    auto& mark = applied_[event->origin];
    mark = std::max(mark, EventMark::of(*event));
  }
  thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
}

void StreamFollower::stop() noexcept {
  if (!thread_.joinable()) return;
  thread_.request_stop();
  thread_.join();
  link_.close();
}

void StreamFollower::run(std::stop_token stop) {
  keepLinked(
      stop, link_, health_, LinkHealth::Connection::follower, config_,
      [&] {
        link_.connect(kReadBlock + config_.connect_timeout);
        lastId_ = kStreamStart;  // from the start: what we missed, or what a restarted Redis holds now
        passAnchor_.reset();
      },
      [&] { readOnce(); });
}

void StreamFollower::readOnce() {
  Poco::Redis::Array command;
  command << "XREAD" << "COUNT" << std::to_string(kReadBatch) << "BLOCK"
          << std::to_string(kReadBlock.count()) << "STREAMS" << config_.streamKey() << lastId_;
  const auto reply = link_.run<Poco::Redis::Array>(command);
  if (reply.isNull() || reply.size() == 0) return;  // nothing new within kReadBlock
  // [[stream key, [[id, [field, value, ...]], ...]]]: one stream asked, one answered.
  const auto stream = reply.get<Poco::Redis::Array>(0);
  if (stream.isNull() || stream.size() != 2) throw std::runtime_error("XREAD: unexpected reply shape");
  const auto entries = stream.get<Poco::Redis::Array>(1);
  if (entries.isNull()) return;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto raw = entries.get<Poco::Redis::Array>(i);
    try {
      const StreamEntry entry = readStreamEntry(raw);
      lastId_ = entry.id;
      if (!passAnchor_) passAnchor_ = entry.event.sequence;
      if (reported_.contains(entry.id)) continue;  // refused on an earlier pass: said and counted
      if (const std::string why = implausibility(entry); !why.empty()) {
        reportSkipped(entry.id, fmt::format("refused entry {} from node {}: {}", entry.id, entry.event.origin, why));
        continue;
      }
      apply(entry);
    } catch (const std::invalid_argument& e) {
      // Someone else wrote to our key, or a newer airbridge did: skip the entry, keep the rest.
      std::string id;
      if (!raw.isNull() && raw.size() > 0 &&
          raw.getType(0) == Poco::Redis::RedisType::REDIS_BULK_STRING) {
        id = raw.get<Poco::Redis::BulkString>(0).value();
        lastId_ = id;
      }
      if (reported_.contains(id)) continue;
      malformed_.add();
      reportSkipped(id, fmt::format("skipped an entry that is not an airbridge event: {}", e.what()));
    }
  }
}

std::string StreamFollower::implausibility(const StreamEntry& entry) {
  const Dispatch& event = entry.event;
  // Both bounds are far below 2^63 (stream_entry.hpp), so these sums cannot overflow.
  const std::uint64_t reference = std::max(context_.store().lastSequence(), passAnchor_.value_or(0));
  if (event.sequence > reference + config_.max_sequence_gap) {
    sequenceGaps_.add();
    return fmt::format("seq {} is more than max_sequence_gap ({}) ahead of #{}; adopting it would "
                       "leave live clients waiting for numbers never sent",
                       event.sequence, config_.max_sequence_gap, reference);
  }
  const auto now = std::chrono::system_clock::now();
  if (event.admitted > now + config_.max_clock_skew) {
    futureAdmissions_.add();
    const Duration ahead = std::chrono::round<std::chrono::seconds>(event.admitted - now);
    return fmt::format("admitted {} ahead of this node's clock (max_clock_skew {}); its node's "
                       "real events would look older and be dropped; check both clocks (NTP)",
                       formatDuration(ahead), formatDuration(config_.max_clock_skew));
  }
  return {};
}

void StreamFollower::reportSkipped(const std::string& id, const std::string& why) {
  if (reported_.size() >= kReportedIdsKept) reported_.clear();
  if (!reported_.insert(id).second) return;
  context_.log().error("{}: {}", config_.streamKey(), why);
}

void StreamFollower::apply(const StreamEntry& entry) {
  const Dispatch& event = entry.event;
  if (event.origin == self_) {
    // Normally ours and already here. Past our sequence it is ours from before a restart that
    // lost the storage: take it back, history and sequence come from the stream.
    if (event.sequence <= context_.store().lastSequence()) return;
    if (event.admitted >= startedAt_) {
      // Admitted since we started, yet not by us: another node runs with our node.id, and the
      // two silently drop each other's events. Taken anyway, so nothing is lost here.
      context_.log().error("{}: entry {} comes from node {}, which is this node's id, but this "
                           "node did not admit it: another node uses the same node.id; give "
                           "each node its own", config_.streamKey(), entry.id, self_);
    }
  } else {
    auto& mark = applied_[event.origin];
    const auto incoming = EventMark::of(event);
    if (incoming <= mark) return;
    mark = incoming;
  }
  if (context_.publisher().publishReplica(event)) {
    received_.add();
  } else {
    duplicates_.add();
  }
}

}  // namespace airbridge::redis
