#pragma once
// The one ordered path of every event: dedupe, sequence, history, then a post to each sink's
// mailbox. Sources publish from any thread; nothing here ever waits on a sink.

#include "bus/dedupe_window.hpp"
#include "bus/sink_runner.hpp"
#include "history/event_history.hpp"
#include "storage/event_journal.hpp"

#include <airbridge/event_store.hpp>
#include <airbridge/metrics.hpp>
#include <airbridge/plugin_context.hpp>

#include <mutex>
#include <vector>

namespace airbridge::core {

struct BusSettings {
  std::string origin;  ///< node id stamped on every admitted event
  std::chrono::milliseconds dedupe_window{std::chrono::minutes{10}};
  std::size_t dedupe_capacity = 10'000;
  std::size_t history_size = 200;
  std::size_t max_field_bytes = 1024;  ///< every text field of an event is cut to this
};

class EventBus final : public Publisher, public EventStore {
 public:
  EventBus(BusSettings settings, Metrics& metrics, const Logger& log);

  /// From any thread, also while events flow (SIGHUP adds and removes outputs): the sink gets
  /// every event admitted after this returns.
  void attach(SinkRunner& sink);
  /// After this returns nothing more is posted to `sink`; its runner may then drain and go.
  void detach(const SinkRunner& sink);

  bool publish(EventPayload event) override;
  bool publishReplica(Dispatch event) override;

  /// Persist every admitted event from now on (see EventJournal).
  void attachJournal(EventJournal& journal) { journal_ = &journal; }
  /// Before start: history, now playing, program, sequence and dedupe window from storage.
  void restore(const std::vector<EventJournal::Row>& rows);

  SharedDispatch nowPlaying() const override;
  SharedDispatch currentProgram() const override;
  std::vector<SharedDispatch> history(std::size_t limit,
                                      std::optional<std::uint64_t> before) const override;
  std::optional<std::vector<SharedDispatch>> since(std::uint64_t sequence) const override;
  std::vector<SharedDispatch> recent(std::size_t limit) const override;
  std::uint64_t lastSequence() const override;

  /// The key two announcements of one log event share (README, "The event model": source + id + start time, or
  /// title + artist + start time when there is no id).
  static std::string dedupeKey(const EventPayload& event);

 private:
  /// With mutex_ held: now playing / program, log, history, journal, then every sink.
  void admitLocked(SharedDispatch shared, const std::string& key);

  const BusSettings settings_;
  const Logger& log_;
  Counter& received_;
  Counter& duplicates_;
  Counter& admitted_;
  Counter& resequenced_;
  Counter& capped_;
  mutable std::mutex mutex_;
  DedupeWindow dedupe_;
  EventHistory history_;
  std::uint64_t sequence_ = 0;
  SharedDispatch now_;
  SharedDispatch program_;
  std::vector<SinkRunner*> sinks_;
  EventJournal* journal_ = nullptr;
  std::chrono::steady_clock::time_point lastJournalError_{};
  std::chrono::steady_clock::time_point lastResequenceWarning_{};
};

}  // namespace airbridge::core
