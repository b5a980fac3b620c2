// libFuzzer target: arbitrary bytes as a schedule term file (YAML or JSON), through the reader,
// the overlap check and the spring-forward check of a zone with DST. Nothing may crash, leak or
// hang; every problem is a FILE:LINE:COL line, and a file read without problems gives slots
// whose times are times of day.

#include "fuzz_file.hpp"
#include "on_air_calculator.hpp"
#include "term_file_reader.hpp"

#include <cstdlib>

using namespace airbridge::schedule;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string& path = airbridge::fuzz::writeInput(data, size, "-2026-fall.yaml");
  std::vector<std::string> problems;
  const std::vector<Term> terms{readTermFile(path, problems)};
  for (const auto& problem : problems) {
    if (!problem.starts_with(path)) std::abort();  // every message names the file
  }
  if (!problems.empty()) return 0;
  for (const auto& slot : terms.front().slots) {
    if (slot.weekday > 6 || slot.start < std::chrono::seconds{0} || slot.start >= std::chrono::hours{24} ||
        slot.end < std::chrono::seconds{0} || slot.end > std::chrono::hours{24}) {
      std::abort();
    }
  }
  findConflicts(terms);
  const OnAirCalculator chicago(terms, "America/Chicago");
  chicago.slotsInSkippedTime(std::chrono::sys_days{std::chrono::year{2026} / 12 / 1});
  const auto at = std::chrono::sys_seconds{std::chrono::sys_days{std::chrono::year{2027} / 3 / 14}};
  chicago.onAir(at);
  chicago.next(at);
  return 0;
}
