// libFuzzer target: arbitrary stream entries as another node, or anyone with the Redis key, may
// write them, through readStreamEntry (fields, numbers, bounds, the event JSON) and the origins
// hash's EventMark::parse. Nothing may crash, leak or hang; an entry read is within the bounds
// stream_entry.hpp promises.
//
// Input: the first byte picks, per element, whether it is a string, a null string or an integer;
// the rest is cut at 0xFF bytes into the id and the field/value texts.

#include "stream_entry.hpp"

#include <Poco/Redis/Type.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <vector>

using namespace airbridge::redis;
using Poco::Redis::Array;
using Poco::Redis::BulkString;

namespace {

void addElement(Array& array, const std::string& text, unsigned kind) {
  switch (kind % 4) {
    case 0: array << BulkString(text); break;
    case 1: array << BulkString(); break;  // a null string
    case 2: array << static_cast<Poco::Int64>(text.size()); break;
    default: array << text; break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const unsigned kinds = data[0];
  std::vector<std::string> pieces(1);
  for (std::size_t i = 1; i < size; ++i) {
    if (data[i] == 0xFF) {
      pieces.emplace_back();
    } else {
      pieces.back() += static_cast<char>(data[i]);
    }
  }
  if (auto mark = EventMark::parse(pieces.front())) {
    if (EventMark::parse(mark->toString()) != mark) std::abort();
  }
  Array fields;
  for (std::size_t i = 1; i < pieces.size(); ++i) {
    // Mostly strings, as Redis sends; now and then something else, as a hostile writer might.
    const unsigned kind = (i % 8 == (kinds & 7)) ? (kinds >> 3) : 0;
    addElement(fields, pieces[i], kind);
  }
  Array entry;
  addElement(entry, pieces.front(), (kinds >> 6) & 1);
  if (kinds & 0x20) {
    entry << pieces.front();  // not an array where the fields belong
  } else {
    entry << fields;
  }
  try {
    const StreamEntry read = readStreamEntry(entry);
    if (read.event.origin.empty() || read.event.sequence < 1 || read.event.sequence > kLargestSequence) std::abort();
    const auto ms = EventMark::of(read.event).admitted_ms;
    if (ms < kEarliestAdmittedMs || ms > kLatestAdmittedMs) std::abort();
  } catch (const std::invalid_argument&) {
    // refused with a reason: the follower logs it and skips the entry
  }
  return 0;
}
