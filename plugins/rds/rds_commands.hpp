#pragma once
// What an RDS encoder is sent for one event, by dialect: command lines without their CR, in
// ASCII only (an encoder shows nothing else), each field cut to what RDS can carry.

#include "rds_config.hpp"

#include <airbridge/text_template.hpp>
#include <airbridge/track_event.hpp>

#include <string>
#include <vector>

namespace airbridge::rds {

inline constexpr std::size_t kRadioTextWidth = 64;
inline constexpr std::size_t kDpsWidth = 128;

/// RT+ content types (IEC 62106, RDS Forum R17/032).
inline constexpr int kRtPlusItemTitle = 1;
inline constexpr int kRtPlusItemArtist = 4;

class RdsCommands {
 public:
  /// `station_text` is what non-songs show. Templates were checked at config time.
  RdsCommands(const RdsConfig& config, std::string station_text);

  std::vector<std::string> forTrack(const TrackEvent& track, const TemplateFields& fields) const;

 private:
  std::vector<std::string> inovonics732(const TrackEvent& track) const;
  std::vector<std::string> ascii(const TrackEvent& track, const TemplateFields& fields) const;

  const Dialect dialect_;
  const bool rtPlus_;
  const std::string stationText_;  // already ASCII
  const TextTemplate radiotext_;
  const TextTemplate dps_;
};

/// `RTP=1,<start>,<length-1>,4,<start>,<length-1>` for the title and artist inside `radiotext`,
/// or empty when either is not there whole.
std::string rtPlusCommand(const std::string& radiotext, const std::string& title, const std::string& artist);

}  // namespace airbridge::rds
