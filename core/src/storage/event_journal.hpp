#pragma once
// History that survives a restart, with no server to run: every admitted event in an embedded
// SQLite database (WAL mode, so a kill -9 at any moment leaves a database that opens, losing at
// most the last event). On start the bus restores its history, now playing, program, sequence
// counter and dedupe window from it.

#include <airbridge/track_event.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace Poco::Data {
class Session;
}

namespace airbridge::core {

class EventJournal {
 public:
  /// Opens (creating) DIRECTORY/airbridge.db. Throws std::runtime_error naming the file.
  EventJournal(const std::filesystem::path& directory, std::size_t keep_rows);
  ~EventJournal();

  struct Row {
    SharedDispatch event;
    std::string dedupe_key;
  };
  /// The last `keep_rows` events, oldest first.
  std::vector<Row> restore();
  /// One transaction; rows beyond keep_rows are pruned now and then.
  void append(const Dispatch& event, const std::string& dedupe_key);
  const std::filesystem::path& file() const { return file_; }

 private:
  std::filesystem::path file_;
  std::size_t keepRows_;
  std::unique_ptr<Poco::Data::Session> session_;
  std::size_t appendsSincePrune_ = 0;
};

}  // namespace airbridge::core
