#include "file_watch_source.hpp"

#include "now_playing_file.hpp"

#include <fmt/format.h>

namespace airbridge::file_watch {

FileWatchSource::FileWatchSource(FileWatchConfig config, PluginContext& context)
    : config_(std::move(config)),
      context_(context),
      outcomes_(context.metrics(), "airbridge_file_versions_total", "Versions of a watched now-playing file, by outcome",
                fmt::format("source=\"{}\"", context.instanceName()), "result"),
      published_(outcomes_.with("published")),
      duplicates_(outcomes_.with("duplicate")),
      unreadable_(outcomes_.with("unreadable")) {}

FileWatchSource::~FileWatchSource() { stop(); }

void FileWatchSource::start() {
  watcher_ = std::make_unique<FileChangeWatcher>(config_.path, config_.debounce, config_.max_file_size, *this);
  context_.log().info("watching {}", config_.path.string());
  watcher_->start();
}

void FileWatchSource::stop() noexcept {
  if (watcher_) watcher_->stop();
}

void FileWatchSource::report(const std::string& problem) {
  if (problem == lastProblem_) return;
  lastProblem_ = problem;
  context_.log().warning("{}: {}", config_.path.string(), problem);
}

bool FileWatchSource::version(std::string content) {
  std::string why;
  std::optional<TrackEvent> event;
  if (const auto fields = readNowPlayingFile(content, config_, why)) {
    event = mapTrack(*fields, config_.mapping, why);
  }
  if (!event) {
    // Perhaps caught half-written: the watcher reads it again; said once if it stays so.
    unreadable_.add();
    activity_.heard(config_.path.string(), "unreadable");
    report(fmt::format("not published: {} (read again at the next change)", why));
    return false;
  }
  if (!lastProblem_.empty()) context_.log().info("{}: readable again", config_.path.string());
  lastProblem_.clear();
  event->source = context_.instanceName();
  if (!event->id.empty()) event->id = fmt::format("file_watch:{}:{}", context_.instanceName(), event->id);
  stamp_.stamp(*event, std::chrono::system_clock::now());
  const bool fresh = context_.publisher().publish(std::move(*event));
  (fresh ? published_ : duplicates_).add();
  activity_.heard(config_.path.string(), fresh ? "published" : "duplicate or held");
  return true;
}

void FileWatchSource::missing(const std::string& why) {
  report(fmt::format("cannot read it ({}); waiting for it to come back", why));
}

void FileWatchSource::tooLarge(std::uintmax_t size) {
  unreadable_.add();
  report(fmt::format("is {} bytes, over max_file_size ({}); is this the right file?", size,
                     config_.max_file_size));
}

}  // namespace airbridge::file_watch
