// libFuzzer target: arbitrary bytes as the event JSON that storage restores and other nodes
// send (payloadFromJson). Nothing may crash, leak or hang; what is read back is written and read
// again unchanged, since a restored event is stored and shared again.

#include <airbridge/track_event.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <exception>

namespace {

std::string encode(const airbridge::EventPayload& payload) {
  return std::visit([](const auto& event) { return airbridge::toJson(event); }, payload);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view name = (data[0] & 1) ? "TRACK_CHANGED" : "PROGRAM_CHANGED";
  const std::string json(reinterpret_cast<const char*>(data) + 1, size - 1);
  airbridge::EventPayload payload;
  try {
    payload = airbridge::payloadFromJson(name, json);
  } catch (const std::exception&) {
    return 0;  // refused with a reason: what the caller logs and skips
  }
  const std::string once = encode(payload);
  const std::string twice = encode(airbridge::payloadFromJson(name, once));
  if (once != twice) std::abort();
  return 0;
}
