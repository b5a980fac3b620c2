#include "rds_commands.hpp"

#include <airbridge/device_text.hpp>

#include <fmt/format.h>

namespace airbridge::rds {

RdsCommands::RdsCommands(const RdsConfig& config, std::string station_text)
    : dialect_(config.dialect),
      rtPlus_(config.rt_plus),
      stationText_(toAscii(station_text)),
      radiotext_(config.radiotext, TextEscape::plain),
      dps_(config.dps, TextEscape::plain) {}

std::vector<std::string> RdsCommands::forTrack(const TrackEvent& track, const TemplateFields& fields) const {
  return dialect_ == Dialect::inovonics_732 ? inovonics732(track) : ascii(track, fields);
}

std::vector<std::string> RdsCommands::inovonics732(const TrackEvent& track) const {
  std::vector<std::string> lines;
  if (track.kind == "song") {
    lines.push_back("SONGTITLE=" + fitToWidth(toAscii(track.title), kRadioTextWidth));
    lines.push_back("ARTISTNAME=" + fitToWidth(toAscii(track.artist), kRadioTextWidth));
  } else {
    lines.push_back("TEXT=" + fitToWidth(stationText_, kRadioTextWidth));
  }
  if (const std::string duration = minutesSeconds(track.duration_ms); !duration.empty()) {
    lines.push_back("DURATION=" + duration);
  }
  return lines;
}

std::vector<std::string> RdsCommands::ascii(const TrackEvent& track, const TemplateFields& fields) const {
  if (track.kind != "song") {
    return {"TEXT=" + fitToWidth(stationText_, kRadioTextWidth), "DPS=" + fitToWidth(stationText_, kDpsWidth)};
  }
  const std::string text = fitToWidth(toAscii(radiotext_.render(fields)), kRadioTextWidth);
  std::vector<std::string> lines{"TEXT=" + text,
                                 "DPS=" + fitToWidth(toAscii(dps_.render(fields)), kDpsWidth)};
  if (rtPlus_) {
    if (std::string tags = rtPlusCommand(text, toAscii(track.title), toAscii(track.artist)); !tags.empty()) {
      lines.push_back(std::move(tags));
    }
  }
  return lines;
}

std::string rtPlusCommand(const std::string& radiotext, const std::string& title, const std::string& artist) {
  if (title.empty() || artist.empty()) return {};
  const std::size_t artistAt = radiotext.find(artist);
  if (artistAt == std::string::npos) return {};
  // The title after the artist when both appear ("Artist - Title"), else anywhere.
  std::size_t titleAt = radiotext.find(title, artistAt + artist.size());
  if (titleAt == std::string::npos) titleAt = radiotext.find(title);
  if (titleAt == std::string::npos) return {};
  return fmt::format("RTP={},{},{},{},{},{}", kRtPlusItemTitle, titleAt, title.size() - 1,
                     kRtPlusItemArtist, artistAt, artist.size() - 1);
}

}  // namespace airbridge::rds
