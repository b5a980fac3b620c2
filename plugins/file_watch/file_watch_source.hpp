#pragma once
// The file_watch source: a playout system rewrites a now-playing file (ENCO, Myriad,
// StationPlaylist, RadioDJ and others do), and each complete new version becomes one event.

#include "file_change_watcher.hpp"
#include "file_watch_config.hpp"

#include <airbridge/mapped_fields.hpp>
#include <airbridge/metrics.hpp>
#include <airbridge/plugin.hpp>
#include <airbridge/plugin_context.hpp>
#include <airbridge/source_activity.hpp>

#include <memory>

namespace airbridge::file_watch {

class FileWatchSource final : public Plugin, public FileChangeWatcher::Handler {
 public:
  FileWatchSource(FileWatchConfig config, PluginContext& context);
  ~FileWatchSource() override;

  void start() override;
  void stop() noexcept override;
  std::string statusJson() const override { return activity_.json(); }

 private:
  // FileChangeWatcher::Handler, on the watcher's thread.
  bool version(std::string content) override;
  void missing(const std::string& why) override;
  void tooLarge(std::uintmax_t size) override;
  /// Each problem once until the file is read fine again: a broken file costs one line.
  void report(const std::string& problem);

  const FileWatchConfig config_;
  PluginContext& context_;
  CounterFamily outcomes_;  // before the counters it makes
  Counter& published_;
  Counter& duplicates_;
  Counter& unreadable_;
  ArrivalStamp stamp_;
  SourceActivity activity_;
  std::string lastProblem_;
  std::unique_ptr<FileChangeWatcher> watcher_;
};

}  // namespace airbridge::file_watch
