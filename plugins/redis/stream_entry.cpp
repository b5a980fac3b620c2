#include "stream_entry.hpp"

#include <Poco/Redis/Type.h>
#include <fmt/format.h>

#include <charconv>
#include <map>
#include <stdexcept>

namespace airbridge::redis {
namespace {

using Poco::Redis::Array;
using Poco::Redis::BulkString;

/// The whole of `text` as a decimal number; nullopt for anything else (sign, space, suffix).
template <typename Number>
std::optional<Number> wholeNumber(std::string_view text) {
  Number value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

template <typename Number>
Number parseNumber(const std::string& text, const char* field, Number low, Number high) {
  const auto value = wholeNumber<Number>(text);
  if (!value) throw std::invalid_argument(fmt::format("field {} is not a number: \"{}\"", field, text.substr(0, 40)));
  if (*value < low || *value > high) {
    throw std::invalid_argument(fmt::format("field {} is {}, outside {}..{}", field, *value, low, high));
  }
  return *value;
}

std::string bulkText(const Array& array, std::size_t index) {
  if (array.getType(index) != Poco::Redis::RedisType::REDIS_BULK_STRING) {
    throw std::invalid_argument("expected a string in the entry");
  }
  const auto value = array.get<BulkString>(index);
  return value.isNull() ? std::string() : value.value();
}

}  // namespace

std::string EventMark::toString() const { return fmt::format("{}:{}", admitted_ms, sequence); }

std::optional<EventMark> EventMark::parse(std::string_view text) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  const auto admitted = wholeNumber<std::int64_t>(text.substr(0, colon));
  const auto sequence = wholeNumber<std::uint64_t>(text.substr(colon + 1));
  if (!admitted || !sequence) return std::nullopt;
  return EventMark{*admitted, *sequence};
}

EventMark EventMark::of(const Dispatch& event) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(event.admitted.time_since_epoch());
  return EventMark{ms.count(), event.sequence};
}

void appendStreamFields(Array& command, const Dispatch& event) {
  command << "origin" << event.origin << "seq" << std::to_string(event.sequence) << "admitted_ms"
         << std::to_string(EventMark::of(event).admitted_ms) << "name" << event.name() << "event"
         << payloadJson(event);
}

StreamEntry readStreamEntry(const Array& entry) {
  if (entry.isNull() || entry.size() != 2 ||
      entry.getType(1) != Poco::Redis::RedisType::REDIS_ARRAY) {
    throw std::invalid_argument("not an [id, fields] pair");
  }
  StreamEntry out;
  out.id = bulkText(entry, 0);
  const auto fields = entry.get<Array>(1);
  if (fields.isNull() || fields.size() % 2 != 0) {
    throw std::invalid_argument(fmt::format("entry {}: fields do not come in pairs", out.id));
  }
  std::map<std::string, std::string> values;
  for (std::size_t i = 0; i + 1 < fields.size(); i += 2) values[bulkText(fields, i)] = bulkText(fields, i + 1);
  const auto field = [&](const char* name) -> const std::string& {
    const auto found = values.find(name);
    if (found == values.end()) throw std::invalid_argument(fmt::format("no field {}", name));
    return found->second;
  };
  try {
    out.event.origin = field("origin");
    if (out.event.origin.empty()) throw std::invalid_argument("empty origin");
    out.event.sequence = parseNumber<std::uint64_t>(field("seq"), "seq", 1, kLargestSequence);
    out.event.admitted = std::chrono::system_clock::time_point{std::chrono::milliseconds{
        parseNumber<std::int64_t>(field("admitted_ms"), "admitted_ms", kEarliestAdmittedMs, kLatestAdmittedMs)}};
    const std::string& name = field("name");
    if (name != "TRACK_CHANGED" && name != "PROGRAM_CHANGED") {
      throw std::invalid_argument(fmt::format("unknown event name \"{}\"", name));
    }
    out.event.payload = payloadFromJson(name, field("event"));
  } catch (const std::exception& e) {
    throw std::invalid_argument(fmt::format("entry {}: {}", out.id, e.what()));
  }
  return out;
}

}  // namespace airbridge::redis
