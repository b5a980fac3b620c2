#include "bus/event_bus.hpp"

#include "time/rfc3339.hpp"

namespace airbridge::core {

EventBus::EventBus(BusSettings settings, Metrics& metrics, const Logger& log)
    : settings_(std::move(settings)),
      log_(log),
      received_(metrics.counter("airbridge_bus_events_total", "Events offered to the bus",
                                "result=\"received\"")),
      duplicates_(metrics.counter("airbridge_bus_events_total", "Events offered to the bus",
                                  "result=\"duplicate\"")),
      admitted_(metrics.counter("airbridge_bus_events_total", "Events offered to the bus",
                                "result=\"admitted\"")),
      dedupe_(settings_.dedupe_window, settings_.dedupe_capacity),
      history_(settings_.history_size) {}

std::string EventBus::dedupeKey(const EventPayload& event) {
  constexpr char kSeparator = '\x1f';  // cannot appear in XML text, so keys never collide
  if (const auto* track = std::get_if<TrackEvent>(&event)) {
    std::string key = "track";
    key += kSeparator + track->source + kSeparator;
    if (!track->id.empty()) {
      key += track->id;
    } else {
      key += track->title + kSeparator + track->artist;
    }
    return key + kSeparator + track->started_at;
  }
  const auto& program = std::get<ProgramChange>(event);
  return std::string("program") + kSeparator + program.term + kSeparator + program.name +
         kSeparator + program.starts_at;
}

bool EventBus::publish(EventPayload event) {
  received_.add();
  const std::string key = dedupeKey(event);
  std::lock_guard lock(mutex_);  // one order for every sink: dedupe, sequence, history
  if (!dedupe_.admit(key, DedupeWindow::Clock::now())) {
    duplicates_.add();
    return false;
  }
  auto dispatch = std::make_shared<Dispatch>();
  dispatch->origin = settings_.origin;
  dispatch->sequence = ++sequence_;
  dispatch->admitted = std::chrono::system_clock::now();
  dispatch->admitted_at = formatRfc3339Millis(dispatch->admitted);
  dispatch->payload = std::move(event);
  SharedDispatch shared = std::move(dispatch);
  if (shared->isTrack()) {
    now_ = shared;
    const TrackEvent& track = *shared->track();
    log_.info("#{} {} now on air: {}{}{}", shared->sequence, track.kind, track.title,
              track.artist.empty() ? "" : " - ", track.artist);
  } else {
    program_ = shared;
    log_.info("#{} program now: {}", shared->sequence,
              shared->program()->name.empty() ? "(nothing scheduled)" : shared->program()->name);
  }
  history_.append(shared);
  admitted_.add();
  for (SinkRunner* sink : sinks_) sink->post(shared);
  return true;
}

SharedDispatch EventBus::nowPlaying() const {
  std::lock_guard lock(mutex_);
  return now_;
}

SharedDispatch EventBus::currentProgram() const {
  std::lock_guard lock(mutex_);
  return program_;
}

std::vector<SharedDispatch> EventBus::history(std::size_t limit,
                                              std::optional<std::uint64_t> before) const {
  std::lock_guard lock(mutex_);
  return history_.tracks(limit, before);
}

std::optional<std::vector<SharedDispatch>> EventBus::since(std::uint64_t sequence) const {
  std::lock_guard lock(mutex_);
  return history_.since(sequence, sequence_);
}

std::uint64_t EventBus::lastSequence() const {
  std::lock_guard lock(mutex_);
  return sequence_;
}

}  // namespace airbridge::core
