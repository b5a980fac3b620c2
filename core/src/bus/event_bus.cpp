#include "bus/event_bus.hpp"

#include "bus/field_cap.hpp"

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
      resequenced_(metrics.counter("airbridge_bus_replicas_resequenced_total",
                                   "Replicated events that arrived behind our sequence and got a "
                                   "new one (more than one node admits events)")),
      capped_(metrics.counter("airbridge_bus_fields_capped_total",
                              "Event text fields cut to bus.max_field_bytes")),
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

void EventBus::attach(SinkRunner& sink) {
  std::lock_guard lock(mutex_);
  sinks_.push_back(&sink);
}

void EventBus::detach(const SinkRunner& sink) {
  std::lock_guard lock(mutex_);  // posts happen under it, so none is under way after this
  std::erase(sinks_, &sink);
}

bool EventBus::publish(EventPayload event) {
  received_.add();
  capped_.add(capFields(event, settings_.max_field_bytes));
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
  admitLocked(std::move(dispatch), key);
  return true;
}

bool EventBus::publishReplica(Dispatch event) {
  received_.add();
  capped_.add(capFields(event.payload, settings_.max_field_bytes));
  const std::string key = dedupeKey(event.payload);
  std::lock_guard lock(mutex_);
  if (!dedupe_.admit(key, DedupeWindow::Clock::now())) {
    duplicates_.add();
    return false;
  }
  if (event.sequence > sequence_) {
    sequence_ = event.sequence;  // one sequence across nodes: resume works on any of them
  } else {
    // Ours moved past it: two nodes admitted events at the same time. Our clients need one
    // increasing sequence, so it gets our next; the other node will see different numbers.
    resequenced_.add();
    const auto now = std::chrono::steady_clock::now();
    if (now - lastResequenceWarning_ > std::chrono::minutes{1}) {
      lastResequenceWarning_ = now;
      log_.warning("event #{} from node {} arrived behind our #{}: renumbered; sequences differ "
                   "between nodes while more than one admits events (let one node own the Zetta "
                   "link)", event.sequence, event.origin, sequence_);
    }
    event.sequence = ++sequence_;
  }
  event.admitted_at = formatRfc3339Millis(event.admitted);
  admitLocked(std::make_shared<const Dispatch>(std::move(event)), key);
  return true;
}

void EventBus::admitLocked(SharedDispatch shared, const std::string& key) {
  const std::string from =
      shared->origin == settings_.origin ? std::string() : " (from node " + shared->origin + ")";
  if (shared->isTrack()) {
    now_ = shared;
    const TrackEvent& track = *shared->track();
    log_.info("#{} {} now on air: {}{}{}{}", shared->sequence, track.kind, track.title,
              track.artist.empty() ? "" : " - ", track.artist, from);
  } else {
    program_ = shared;
    log_.info("#{} program now: {}{}", shared->sequence,
              shared->program()->name.empty() ? "(nothing scheduled)" : shared->program()->name,
              from);
  }
  history_.append(shared);
  if (journal_) {
    try {
      journal_->append(*shared, key);
    } catch (const std::exception& e) {
      // Live delivery goes on; only a restart would lose this event. Said at most once a minute.
      const auto now = std::chrono::steady_clock::now();
      if (now - lastJournalError_ > std::chrono::minutes{1}) {
        lastJournalError_ = now;
        log_.error("cannot store event #{} in {}: {}; history will not survive a restart until "
                   "this is fixed", shared->sequence, journal_->file().string(), e.what());
      }
    }
  }
  admitted_.add();
  for (SinkRunner* sink : sinks_) sink->post(shared);
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

std::vector<SharedDispatch> EventBus::recent(std::size_t limit) const {
  std::lock_guard lock(mutex_);
  return history_.recent(limit);
}

void EventBus::restore(const std::vector<EventJournal::Row>& rows) {
  std::lock_guard lock(mutex_);
  const auto wallNow = std::chrono::system_clock::now();
  const auto steadyNow = DedupeWindow::Clock::now();
  for (const auto& row : rows) {
    // Stored by a version (or with a max_field_bytes) that cut less: cut now, as if just admitted.
    auto copy = std::make_shared<Dispatch>(*row.event);
    const std::size_t cut = capFields(copy->payload, settings_.max_field_bytes);
    capped_.add(cut);
    const SharedDispatch event = cut > 0 ? SharedDispatch(std::move(copy)) : row.event;
    history_.append(event);
    (event->isTrack() ? now_ : program_) = event;
    sequence_ = std::max(sequence_, event->sequence);
    // Zetta re-sends what is on air when it reconnects after our restart: still a duplicate.
    const auto age = wallNow - event->admitted;
    if (age < settings_.dedupe_window) {
      dedupe_.admit(cut > 0 ? dedupeKey(event->payload) : row.dedupe_key,
                    steadyNow - std::chrono::duration_cast<DedupeWindow::Clock::duration>(age));
    }
  }
}

std::uint64_t EventBus::lastSequence() const {
  std::lock_guard lock(mutex_);
  return sequence_;
}

}  // namespace airbridge::core
