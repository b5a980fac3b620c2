#include <airbridge/sink_options.hpp>

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>

namespace airbridge {
namespace {
const std::vector<std::string> kKinds{"song", "link", "spot", "break", "voicetrack", "other"};

void readKinds(const ConfigSection& section, SinkEventOptions& options) {
  options.kinds = section.optional<std::vector<std::string>>("kinds", {});
  for (const auto& kind : options.kinds) {
    if (std::find(kKinds.begin(), kKinds.end(), kind) == kKinds.end()) {
      section.fail("kinds", fmt::format("'{}' is not a kind; use {}", kind, fmt::join(kKinds, ", ")));
    }
  }
}

SinkEventOptions::Filter readFilter(const ConfigSection& entry) {
  using Filter = SinkEventOptions::Filter;
  Filter filter;
  const auto field = entry.required<std::string>("field");
  if (field == "title") {
    filter.field = Filter::Field::title;
  } else if (field == "artist") {
    filter.field = Filter::Field::artist;
  } else if (!field.empty()) {
    entry.fail("field", fmt::format("'{}' cannot be filtered; use title or artist", field));
  }
  filter.pattern = entry.required<std::string>("match");
  RE2::Options flags;
  flags.set_case_sensitive(false);
  flags.set_log_errors(false);  // the error is reported once, below, with its position
  auto regex = std::make_shared<const RE2>(filter.pattern, flags);
  if (regex->ok()) {
    filter.regex = std::move(regex);
  } else {
    entry.fail("match", fmt::format("'{}' is not a pattern RE2 accepts: {} at '{}'{}", filter.pattern,
                                    regex->error(), regex->error_arg(),
                                    regex->error_code() == RE2::ErrorBadPerlOp ||
                                            regex->error_code() == RE2::ErrorBadEscape
                                        ? "; RE2 has no lookahead, lookbehind or backreferences"
                                        : ""));
  }
  const auto action = entry.optional<std::string>("action", "skip");
  if (action == "skip") {
    filter.action = Filter::Action::skip;
  } else if (action == "clear") {
    filter.action = Filter::Action::clear;
  } else {
    entry.fail("action", fmt::format("'{}' is not an action; use skip or clear", action));
  }
  return filter;
}

}  // namespace

const ConfigKeys<SinkEventOptions>& SinkEventOptions::keys() {
  static const auto keys = ConfigKeys<SinkEventOptions>()
      .key("delay", &SinkEventOptions::delay, between(Duration{0}, Duration{std::chrono::hours{1}}),
           "publish this much later than air, as the listeners' stream runs behind")
      .custom({"kinds", "list of kinds", "all", "",
               "publish only these: song, link, spot, break, voicetrack, other"},
              readKinds)
      .key("next", &SinkEventOptions::next, "show the upcoming track (false: hide it)")
      .custom({"filters", "list of {field, match, action}", "none", "",
               "field: title or artist; match: an RE2 pattern, case-insensitive, found anywhere; "
               "action: skip (do not publish) or clear (blank title, artist, album). RE2 runs in linear "
               "time on any title; it has no lookaround or backreferences"},
              [](const ConfigSection& section, SinkEventOptions& options) {
                for (const auto& entry : section.list("filters")) options.filters.push_back(readFilter(entry));
              });
  return keys;
}

SharedDispatch SinkEventOptions::apply(const SharedDispatch& event) const {
  const TrackEvent* track = event->track();
  if (!track) return event;
  if (!kinds.empty() && std::find(kinds.begin(), kinds.end(), track->kind) == kinds.end()) {
    return nullptr;
  }
  bool clear = false;
  for (const auto& filter : filters) {
    if (!filter.regex) continue;
    const std::string& text = filter.field == Filter::Field::title ? track->title : track->artist;
    if (!RE2::PartialMatch(text, *filter.regex)) continue;
    if (filter.action == Filter::Action::skip) return nullptr;
    clear = true;
  }
  const bool dropNext = !next && !track->next.empty();
  if (!clear && !dropNext) return event;
  auto edited = std::make_shared<Dispatch>(*event);
  auto& copy = std::get<TrackEvent>(edited->payload);
  if (dropNext) copy.next.clear();
  if (clear) {
    copy.title.clear();
    copy.artist.clear();
    copy.album.clear();
  }
  return edited;
}

LiveSinkEvents::LiveSinkEvents(SinkEventOptions options)
    : options_(std::make_shared<const SinkEventOptions>(std::move(options))) {}

SharedDispatch LiveSinkEvents::apply(const SharedDispatch& event) const { return current()->apply(event); }

bool LiveSinkEvents::wait(const Dispatch& event) {
  std::unique_lock lock(mutex_);
  // Woken by stop() or by replace(): the deadline is worked out again from the delay in force.
  while (!stopping_) {
    const auto due = event.admitted + options_->delay;
    if (options_->delay.count() == 0 || std::chrono::system_clock::now() >= due) return true;
    changed_.wait_until(lock, due);
  }
  return false;
}

void LiveSinkEvents::replace(SinkEventOptions options) {
  auto next = std::make_shared<const SinkEventOptions>(std::move(options));
  {
    std::lock_guard lock(mutex_);
    options_.swap(next);
  }
  changed_.notify_all();
}  // the old options are freed here, outside the lock

std::shared_ptr<const SinkEventOptions> LiveSinkEvents::current() const {
  std::lock_guard lock(mutex_);
  return options_;
}

void LiveSinkEvents::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
}

}  // namespace airbridge
