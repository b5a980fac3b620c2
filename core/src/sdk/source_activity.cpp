#include <airbridge/source_activity.hpp>

#include <airbridge/time_text.hpp>
#include <airbridge/track_event.hpp>

#include <fmt/format.h>

namespace airbridge {

void SourceActivity::heard(const std::string& peer, const std::string& outcome) {
  const std::string at = formatRfc3339(
      std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()), true);
  std::lock_guard lock(mutex_);
  ++documents_;
  at_ = at;
  from_ = peer;
  outcome_ = outcome;
}

std::string SourceActivity::json() const {
  std::lock_guard lock(mutex_);
  if (documents_ == 0) return R"({"documents":0,"last":null})";
  return fmt::format(R"({{"documents":{},"last":{{"at":{},"from":{},"outcome":{}}}}})", documents_,
                     jsonQuote(at_), jsonQuote(from_), jsonQuote(outcome_));
}

}  // namespace airbridge
