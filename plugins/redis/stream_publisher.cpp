#include "stream_publisher.hpp"

#include <Poco/Redis/Type.h>

namespace airbridge::redis {
namespace {

// Appends one event unless the origins hash (EventMark::toString's text) says the stream already has it or something newer
// from that node (a retry after a lost reply, or a node catching up after an outage), and moves
// the node's mark, atomically. KEYS: stream, origins hash. ARGV: origin, admitted_ms, seq,
// maxlen, then the XADD field/value pairs.
constexpr const char* kAppendOnce = R"lua(
local last = redis.call('HGET', KEYS[2], ARGV[1])
if last then
  local ms, seq = string.match(last, '^(%d+):(%d+)$')
  if ms then
    ms = tonumber(ms)
    seq = tonumber(seq)
    local new_ms = tonumber(ARGV[2])
    if new_ms < ms or (new_ms == ms and tonumber(ARGV[3]) <= seq) then return 0 end
  end
end
local entry = {'XADD', KEYS[1], 'MAXLEN', '~', ARGV[4], '*'}
for i = 5, #ARGV do entry[#entry + 1] = ARGV[i] end
redis.call(unpack(entry))
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2] .. ':' .. ARGV[3])
return 1
)lua";

}  // namespace

StreamPublisher::StreamPublisher(const RedisBridgeConfig& config, const EventStore& store,
                                 std::string origin, LinkHealth& health, const Logger& log,
                                 Metrics& metrics)
    : config_(config),
      store_(store),
      origin_(std::move(origin)),
      health_(health),
      log_(log),
      sent_(metrics.counter("airbridge_redis_events_total", "Events through the Redis stream",
                            "direction=\"sent\"")),
      link_(config) {}

void StreamPublisher::start() {
  thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
}

void StreamPublisher::stop() noexcept {
  if (!thread_.joinable()) return;
  thread_.request_stop();
  thread_.join();
  link_.close();
}

void StreamPublisher::wake() {
  {
    std::lock_guard lock(mutex_);
    pending_ = true;
  }
  wakeup_.notify_one();
}

void StreamPublisher::run(std::stop_token stop) {
  keepLinked(stop, link_, health_, LinkHealth::Connection::publisher, config_, [&] { connect(); }, [&] {
    {
      std::unique_lock lock(mutex_);
      if (!wakeup_.wait(lock, stop, [&] { return pending_; })) return;  // stopping
      pending_ = false;
    }
    sendPending();
  });
}

void StreamPublisher::connect() {
  // After every (re)connect, whatever failed or waited goes out: pending_ is set below.
  link_.connect(config_.connect_timeout);
  Poco::Redis::Array get;
  get << "HGET" << config_.originsKey() << origin_;
  const auto mark = link_.run<Poco::Redis::BulkString>(get);
  // No mark: a new node, or Redis lost its data. Either way the stream gets all we have.
  shared_ = mark.isNull() ? EventMark{} : EventMark::parse(mark.value()).value_or(EventMark{});
  std::lock_guard lock(mutex_);
  pending_ = true;
}

void StreamPublisher::sendPending() {
  // Normally only the events after the mark's sequence: one or two, not the whole ring. The
  // ring is scanned when that cannot answer (a mark from before a restart without storage,
  // whose sequence is ahead of ours, or events that left the ring during a long outage).
  auto events = store_.since(shared_.sequence);
  if (!events) events = store_.recent(config_.stream_length);
  for (const auto& event : *events) {
    if (event->origin != origin_) continue;  // another node's: it shares its own
    const auto mark = EventMark::of(*event);
    if (mark <= shared_) continue;
    Poco::Redis::Array command;
    command << "EVAL" << kAppendOnce << "2" << config_.streamKey() << config_.originsKey() << origin_
            << std::to_string(mark.admitted_ms) << std::to_string(mark.sequence)
            << std::to_string(config_.stream_length);
    appendStreamFields(command, *event);
    if (link_.run<Poco::Int64>(command) == 1) {
      sent_.add();
      log_.debug("shared #{} through {}", event->sequence, config_.streamKey());
    }
    shared_ = mark;
  }
}

}  // namespace airbridge::redis
