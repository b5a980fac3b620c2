#include "bus/failover_state.hpp"

#include <airbridge/time_text.hpp>

namespace airbridge::core {

FailoverState::FailoverState(std::vector<SourcePolicy> sources) {
  sources_.reserve(sources.size());
  for (auto& policy : sources) sources_.push_back(Source{std::move(policy), std::nullopt, false, std::nullopt});
}

std::size_t FailoverState::add(SourcePolicy policy) {
  sources_.push_back(Source{std::move(policy), std::nullopt, false, std::nullopt});
  return sources_.size() - 1;
}

void FailoverState::retire(std::size_t index, Time now) {
  Source& source = sources_[index];
  if (source.live_until && *source.live_until > now) source.live_until = now;
  source.held.reset();
}

bool FailoverState::offer(std::size_t index, TrackEvent event, Time now) {
  Source& source = sources_[index];
  source.had_duration = event.duration_ms.has_value() && *event.duration_ms > 0;
  if (source.had_duration) {
    // Its own clock says when it started; a start we cannot read, or an end already past
    // (a skewed clock, a re-sent old event), counts from now: the source did just speak.
    Time end = now;
    if (const auto started = parseIsoTime(event.started_at)) {
      end = Time(*started) + std::chrono::milliseconds{*event.duration_ms};
    }
    source.live_until = std::max(end, now) + source.policy.grace;
  } else {
    source.live_until = now + source.policy.silence;
  }
  const auto best = bestLivePriority(now);  // this source is live now, so there is one
  if (best && source.policy.priority > *best) {
    source.held = std::move(event);
    return false;
  }
  source.held.reset();
  lastPublished_ = index;
  return true;
}

std::optional<TrackEvent> FailoverState::expire(Time now) {
  for (auto& source : sources_) {
    if (source.live_until && *source.live_until <= now) {
      source.live_until.reset();
      source.held.reset();  // it ended unseen: nothing of it is on air any more
    }
  }
  const auto best = bestLivePriority(now);
  if (!best) return std::nullopt;
  // A source of the best live priority already published: the air is already its.
  if (lastPublished_ && isLive(sources_[*lastPublished_], now) &&
      sources_[*lastPublished_].policy.priority == *best) {
    return std::nullopt;
  }
  for (std::size_t i = 0; i < sources_.size(); ++i) {
    Source& source = sources_[i];
    if (isLive(source, now) && source.policy.priority == *best && source.held) {
      std::optional<TrackEvent> event = std::move(source.held);
      source.held.reset();
      lastPublished_ = i;
      return event;
    }
  }
  return std::nullopt;
}

std::optional<std::size_t> FailoverState::onAir(Time now) const {
  const auto best = bestLivePriority(now);
  if (!best) return std::nullopt;
  if (lastPublished_ && isLive(sources_[*lastPublished_], now) &&
      sources_[*lastPublished_].policy.priority == *best) {
    return lastPublished_;
  }
  for (std::size_t i = 0; i < sources_.size(); ++i) {
    if (isLive(sources_[i], now) && sources_[i].policy.priority == *best) return i;
  }
  return std::nullopt;
}

std::optional<FailoverState::Time> FailoverState::nextExpiry() const {
  std::optional<Time> next;
  for (const auto& source : sources_) {
    if (source.live_until && (!next || *source.live_until < *next)) next = source.live_until;
  }
  return next;
}

std::optional<int> FailoverState::bestLivePriority(Time now) const {
  std::optional<int> best;
  for (const auto& source : sources_) {
    if (isLive(source, now) && (!best || source.policy.priority < *best)) best = source.policy.priority;
  }
  return best;
}

}  // namespace airbridge::core
