// The encoder commands of each dialect, byte for byte, and the text conversions they rest on.

#include "rds_commands.hpp"

#include <airbridge/device_text.hpp>

#include <catch2/catch.hpp>

using namespace airbridge;
using namespace airbridge::rds;

namespace {

TrackEvent song(std::string title, std::string artist, std::int64_t duration_ms) {
  TrackEvent track;
  track.kind = "song";
  track.title = std::move(title);
  track.artist = std::move(artist);
  track.album = "Signals & Noise";
  track.duration_ms = duration_ms;
  return track;
}

TemplateFields fieldsOf(const TrackEvent& track) {
  StationInfo station;
  station.name = "KJHK 90.7 FM";
  return templateFields(track, station, nullptr);
}

}  // namespace

TEST_CASE("rds: inovonics_732 sends a song's title, artist and duration", "[rds]") {
  RdsConfig config;
  const RdsCommands commands(config, "KJHK 90.7 FM");
  const auto track = song("Glass Harbor", "The Lowland Static", 221480);
  CHECK(commands.forTrack(track, fieldsOf(track)) ==
        std::vector<std::string>{"SONGTITLE=Glass Harbor", "ARTISTNAME=The Lowland Static", "DURATION=3:41"});
}

TEST_CASE("rds: inovonics_732 shows the station text for anything but a song", "[rds]") {
  RdsConfig config;
  const RdsCommands commands(config, "KJHK 90.7 FM – Lawrence");
  TrackEvent link;
  link.kind = "link";
  link.title = "Legal ID Top of Hour";
  link.duration_ms = 9000;
  CHECK(commands.forTrack(link, fieldsOf(link)) ==
        std::vector<std::string>{"TEXT=KJHK 90.7 FM - Lawrence", "DURATION=0:09"});
}

TEST_CASE("rds: ascii sends RadioText, DPS and RT+ positions in what the encoder can show", "[rds]") {
  RdsConfig config;
  config.dialect = Dialect::ascii;
  config.rt_plus = true;
  const RdsCommands commands(config, "KJHK");
  const auto track = song("Jóga", "Björk", 305000);
  CHECK(commands.forTrack(track, fieldsOf(track)) ==
        std::vector<std::string>{"TEXT=Bjork - Joga", "DPS=Bjork - Joga (Signals & Noise)",
                                 "RTP=1,8,3,4,0,4"});
}

TEST_CASE("rds: RadioText is cut to 64 characters at a word, and no CR reaches the encoder", "[rds]") {
  RdsConfig config;
  config.dialect = Dialect::ascii;
  const RdsCommands commands(config, "KJHK");
  const auto track = song("A Very Long Title\rTEXT=INJECTED That Goes On And On Past What RDS Can Carry",
                          "Artist", 1000);
  const auto lines = commands.forTrack(track, fieldsOf(track));
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].size() <= 5 + kRadioTextWidth);
  CHECK(lines[0] == "TEXT=Artist - A Very Long Title TEXT=INJECTED That Goes On And On");
  for (const auto& line : lines) CHECK(line.find('\r') == std::string::npos);
}

TEST_CASE("device text: transliteration, Latin-1 and fitting to a width", "[rds][text]") {
  CHECK(toAscii("Björk – Jóga") == "Bjork - Joga");
  CHECK(toAscii("“Smart” ‘quotes’ … café") == "\"Smart\" 'quotes' ... cafe");
  CHECK(toAscii("Сплин") == "Splin");
  CHECK(toAscii("tab\there\x01") == "tab here");
  CHECK(toLatin1("Björk – Jóga") == "Bj\xF6rk - J\xF3ga");
  CHECK(fitToWidth("short", 64) == "short");
  CHECK(fitToWidth("one two three four", 10) == "one two");
  CHECK(fitToWidth("Supercalifragilistic", 8) == "Supercal");
  CHECK(fitToWidth("ééééé", 3) == "ééé");  // counted in characters, never cut inside one
  CHECK(withoutControlCharacters("a\r\nb\xFF") == "a  b\xEF\xBF\xBD");
}
