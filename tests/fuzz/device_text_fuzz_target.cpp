// libFuzzer target: arbitrary bytes as the title and artist an output renders and converts for
// a device (templates, transliteration, Latin-1, fitting RadioText), then as RDS commands. No
// crash or hang; no CR or LF ever reaches an encoder (it would start a command of its own); the
// ASCII text is ASCII, fitted text is valid UTF-8 within its width.

#include "rds_commands.hpp"

#include <airbridge/device_text.hpp>
#include <airbridge/utf8.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

namespace {

void require(bool condition) {
  if (!condition) std::abort();
}

std::size_t characters(const std::string& utf8) {
  std::size_t count = 0;
  for (unsigned char c : utf8) count += (c & 0xC0) != 0x80;
  return count;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  const std::size_t half = size / 2;
  airbridge::TrackEvent track;
  track.kind = (size % 3 == 0) ? "link" : "song";
  track.title = input.substr(0, half);
  track.artist = input.substr(half);
  track.duration_ms = static_cast<std::int64_t>(size) * 1000;

  const std::string ascii = airbridge::toAscii(input);
  for (unsigned char c : ascii) require(c >= 0x20 && c < 0x7F);
  const std::string clean = airbridge::withoutControlCharacters(input);
  require(airbridge::isValidUtf8(clean));
  const std::string fitted = airbridge::fitToWidth(clean, 64);
  require(airbridge::isValidUtf8(fitted) && characters(fitted) <= 64);
  for (unsigned char c : airbridge::toLatin1(input)) require(c != '\r' && c != '\n');

  airbridge::StationInfo station;
  station.name = track.artist;
  const auto fields = airbridge::templateFields(track, station, nullptr);
  for (auto dialect : {airbridge::rds::Dialect::inovonics_732, airbridge::rds::Dialect::ascii}) {
    airbridge::rds::RdsConfig config;
    config.dialect = dialect;
    config.rt_plus = true;
    const airbridge::rds::RdsCommands commands(config, station.name);
    for (const auto& line : commands.forTrack(track, fields)) {
      for (unsigned char c : line) require(c >= 0x20 && c < 0x7F);
      require(line.size() <= 11 + 128);
    }
  }
  return 0;
}
