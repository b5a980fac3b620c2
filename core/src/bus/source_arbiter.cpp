#include "bus/source_arbiter.hpp"

#include <airbridge/duration.hpp>
#include <airbridge/time_text.hpp>

#include <fmt/format.h>

namespace airbridge::core {

class SourceArbiter::Gate final : public Publisher {
 public:
  Gate(SourceArbiter& arbiter, std::size_t index) : arbiter_(arbiter), index_(index) {}
  bool publish(EventPayload event) override { return arbiter_.offer(index_, std::move(event)); }
  // Another node already chose what went on air there; a source does not bridge nodes anyway.
  bool publishReplica(Dispatch event) override { return arbiter_.bus_.publishReplica(std::move(event)); }

 private:
  SourceArbiter& arbiter_;
  std::size_t index_;
};

SourceArbiter::SourceArbiter(EventBus& bus, Metrics& metrics, const Logger& log)
    : bus_(bus), metrics_(metrics), log_(log) {}

SourceArbiter::~SourceArbiter() { stop(); }

Publisher& SourceArbiter::addSource(SourcePolicy policy) {
  std::lock_guard lock(mutex_);
  if (const auto known = indexOf(policy.name)) {
    if (state_) state_->setPolicy(*known, policy);
    policies_[*known] = std::move(policy);
    removed_[*known] = false;
    return gates_[*known];
  }
  const std::string labels = fmt::format("source=\"{}\"", policy.name);
  CounterFamily events(metrics_, "airbridge_source_events_total",
                       "Track events of each source: published, or held while a source of better "
                       "priority was live", labels, "result");
  metricsOf_.push_back(SourceMetrics{
      metrics_.gauge("airbridge_source_on_air",
                     "1 for the source whose events are on air (priority and failover), else 0",
                     labels),
      metrics_.gauge("airbridge_source_last_event_timestamp_seconds",
                     "When the source last sent a track event (Unix time): alert when it falls behind",
                     labels),
      events.with("published"), events.with("held")});
  if (state_) state_->add(policy);
  policies_.push_back(std::move(policy));
  removed_.push_back(false);
  return gates_.emplace_back(*this, gates_.size());
}

void SourceArbiter::removeSource(const std::string& name) {
  std::lock_guard lock(mutex_);
  const auto index = indexOf(name);
  if (!index) return;
  removed_[*index] = true;
  if (!state_) return;
  state_->retire(*index, std::chrono::system_clock::now());
  wake_.notify_all();  // the timer hands the air on and logs why
}

std::optional<std::size_t> SourceArbiter::indexOf(const std::string& name) const {
  for (std::size_t i = 0; i < policies_.size(); ++i) {
    if (policies_[i].name == name) return i;
  }
  return std::nullopt;
}

void SourceArbiter::start() {
  {
    std::lock_guard lock(mutex_);
    state_ = std::make_unique<FailoverState>(policies_);
  }
  stopping_ = false;
  timer_ = std::thread([this] { runTimer(); });
}

void SourceArbiter::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (timer_.joinable()) timer_.join();
}

std::string SourceArbiter::onAirSource() {
  std::lock_guard lock(mutex_);
  return onAir_ ? policies_[*onAir_].name : std::string();
}

std::string SourceArbiter::statusJson(const std::string& name) {
  std::lock_guard lock(mutex_);
  if (const auto found = indexOf(name)) {
    const std::size_t i = *found;
    std::string until = "null";
    if (state_ && state_->liveUntil(i)) {
      until = jsonQuote(formatRfc3339(std::chrono::time_point_cast<std::chrono::milliseconds>(*state_->liveUntil(i))));
    }
    return fmt::format(R"({{"priority":{},"on_air":{},"live_until":{},"held":{}}})", policies_[i].priority,
                       onAir_ == i ? "true" : "false", until, metricsOf_[i].held.value());
  }
  return "{}";
}

bool SourceArbiter::offer(std::size_t index, EventPayload event) {
  auto* track = std::get_if<TrackEvent>(&event);
  if (!track) return bus_.publish(std::move(event));  // programs are not a source's to contend
  std::lock_guard lock(mutex_);  // held across publish: a released event never overtakes a new one
  metricsOf_[index].last_event.set(std::chrono::duration_cast<std::chrono::seconds>(
      std::chrono::system_clock::now().time_since_epoch()).count());
  if (!state_) return bus_.publish(std::move(event));  // before start (tests of a lone plugin)
  const auto now = std::chrono::system_clock::now();
  const auto before = onAir_;
  if (!state_->offer(index, *track, now)) {
    metricsOf_[index].held.add();
    log_.debug("{}: held '{}' while {} is on air", policies_[index].name, track->title,
               before ? policies_[*before].name : std::string("a better source"));
    wake_.notify_all();  // its liveness may now be the next to end
    return false;
  }
  metricsOf_[index].published.add();
  const bool returned = before && *before != index;
  noteOnAir(now, returned ? fmt::format("{} spoke again (priority {})", policies_[index].name,
                                        policies_[index].priority)
                          : fmt::format("{} spoke", policies_[index].name));
  wake_.notify_all();
  return bus_.publish(std::move(event));
}

void SourceArbiter::runTimer() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    const auto next = state_->nextExpiry();
    const auto now = std::chrono::system_clock::now();
    if (next && *next <= now) {
      const auto before = onAir_;
      const std::string why = before ? silenceOf(*before) : std::string();
      if (auto released = state_->expire(now)) {
        const auto index = *state_->onAir(now);
        metricsOf_[index].published.add();
        noteOnAir(now, why);
        bus_.publish(std::move(*released));
      } else {
        noteOnAir(now, why);
      }
      continue;
    }
    // Wall-clock deadlines, so wake at least once a second in case the clock was set.
    const auto wait = next ? std::min<std::chrono::system_clock::duration>(*next - now, std::chrono::seconds{1})
                           : std::chrono::system_clock::duration{std::chrono::seconds{1}};
    wake_.wait_for(lock, wait);
  }
}

std::string SourceArbiter::silenceOf(std::size_t index) const {
  const SourcePolicy& policy = policies_[index];
  if (removed_[index]) return fmt::format("{} was removed from the config", policy.name);
  if (state_->lastHadDuration(index)) {
    return fmt::format("{} is silent: its last event ended and {} of failover_grace passed",
                       policy.name, formatDuration(Duration{policy.grace}));
  }
  return fmt::format("{} is silent: no event for {} (failover_after) after one without a duration",
                     policy.name, formatDuration(Duration{policy.silence}));
}

void SourceArbiter::noteOnAir(FailoverState::Time now, const std::string& why) {
  const auto current = state_->onAir(now);
  if (current == onAir_) return;
  if (onAir_) metricsOf_[*onAir_].on_air.set(0);
  if (current) metricsOf_[*current].on_air.set(1);
  const std::string from = onAir_ ? policies_[*onAir_].name : std::string("(none)");
  if (!current) {
    log_.warning("no source is on air any more: {}", why);
  } else if (!onAir_) {
    log_.info("on-air source: {} ({})", policies_[*current].name, why);
  } else {
    log_.info("on-air source: {} -> {} ({})", from, policies_[*current].name, why);
  }
  onAir_ = current;
}

}  // namespace airbridge::core
