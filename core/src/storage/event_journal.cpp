#include "storage/event_journal.hpp"

#include "time/rfc3339.hpp"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>
#include <fmt/format.h>

namespace airbridge::core {
namespace {
using namespace Poco::Data::Keywords;
constexpr std::size_t kPruneEvery = 100;
}  // namespace

EventJournal::EventJournal(const std::filesystem::path& directory, std::size_t keep_rows)
    : file_(directory / "airbridge.db"), keepRows_(keep_rows) {
  try {
    std::filesystem::create_directories(directory);
    Poco::Data::SQLite::Connector::registerConnector();
    session_ = std::make_unique<Poco::Data::Session>("SQLite", file_.string());
    std::string mode;
    *session_ << "PRAGMA journal_mode=WAL", into(mode), now;
    *session_ << "PRAGMA synchronous=NORMAL", now;  // durable across crashes of the process
    *session_ << "CREATE TABLE IF NOT EXISTS events ("
                 " seq INTEGER PRIMARY KEY, origin TEXT NOT NULL, admitted_ms INTEGER NOT NULL,"
                 " name TEXT NOT NULL, dedupe_key TEXT NOT NULL, payload TEXT NOT NULL)",
        now;
  } catch (const std::exception& e) {
    throw std::runtime_error(fmt::format("{}: cannot open the event store: {}; check storage.directory "
                                         "and its permissions", file_.string(), e.what()));
  }
}

EventJournal::~EventJournal() = default;

std::vector<EventJournal::Row> EventJournal::restore() {
  std::vector<Row> rows;
  Poco::Data::Statement select(*session_);
  auto keep = static_cast<Poco::Int64>(keepRows_);  // use() binds by reference: not const
  select << "SELECT seq, origin, admitted_ms, name, dedupe_key, payload FROM"
            " (SELECT * FROM events ORDER BY seq DESC LIMIT ?) ORDER BY seq",
      use(keep), now;
  Poco::Data::RecordSet records(select);
  for (bool more = records.moveFirst(); more; more = records.moveNext()) {
    auto dispatch = std::make_shared<Dispatch>();
    dispatch->sequence = records["seq"].convert<std::uint64_t>();
    dispatch->origin = records["origin"].convert<std::string>();
    dispatch->admitted = std::chrono::system_clock::time_point{
        std::chrono::milliseconds{records["admitted_ms"].convert<std::int64_t>()}};
    dispatch->admitted_at = formatRfc3339Millis(dispatch->admitted);
    dispatch->payload = payloadFromJson(records["name"].convert<std::string>(),
                                        records["payload"].convert<std::string>());
    rows.push_back(Row{std::move(dispatch), records["dedupe_key"].convert<std::string>()});
  }
  return rows;
}

void EventJournal::append(const Dispatch& event, const std::string& dedupe_key) {
  auto seq = static_cast<Poco::Int64>(event.sequence);
  std::string origin = event.origin;
  Poco::Int64 admitted = std::chrono::duration_cast<std::chrono::milliseconds>(
                             event.admitted.time_since_epoch()).count();
  std::string name = event.name();
  std::string key = dedupe_key;
  std::string payload = payloadJson(event);
  *session_ << "INSERT OR REPLACE INTO events VALUES (?, ?, ?, ?, ?, ?)", use(seq), use(origin),
      use(admitted), use(name), use(key), use(payload), now;
  if (++appendsSincePrune_ >= kPruneEvery) {
    appendsSincePrune_ = 0;
    Poco::Int64 below = seq - static_cast<Poco::Int64>(keepRows_);
    *session_ << "DELETE FROM events WHERE seq <= ?", use(below), now;
  }
}

}  // namespace airbridge::core
