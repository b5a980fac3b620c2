#include "pad_update.hpp"

#include <airbridge/http_exchange.hpp>
#include <airbridge/mapped_fields.hpp>
#include <airbridge/time_text.hpp>
#include <airbridge/utf8.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace airbridge::rivendell {
namespace {

const std::string* valueAt(const FlatFields& fields, const std::string& path) {
  const auto it = fields.find(path);
  return it == fields.end() ? nullptr : &it->second;
}

std::string textAt(const FlatFields& fields, const std::string& path) {
  const std::string* value = valueAt(fields, path);
  if (!value) return {};
  std::string text = *value;
  capUtf8(text, 1024);
  return text;
}

bool inGroups(const std::vector<std::string>& groups, const std::string& group) {
  return std::any_of(groups.begin(), groups.end(), [&](const std::string& g) { return equalsIgnoringCase(g, group); });
}

std::string kindOf(const FlatFields& fields, const std::string& at, const RivendellConfig& config) {
  if (equalsIgnoringCase(textAt(fields, at + "cartType"), "Macro")) return "other";
  const std::string group = textAt(fields, at + "groupName");
  if (inGroups(config.song_groups, group)) return "song";
  if (inGroups(config.link_groups, group)) return "link";
  if (inGroups(config.spot_groups, group)) return "spot";
  return config.default_kind;
}

/// The cart playing (`which` = "now") or coming ("next"), or nullopt when null or untitled.
std::optional<TrackEvent> cartAt(const FlatFields& fields, const std::string& which,
                                 const RivendellConfig& config, const std::string& source) {
  const std::string at = "padUpdate." + which + ".";
  TrackEvent event;
  event.title = textAt(fields, at + "title");
  if (event.title.empty()) return std::nullopt;
  event.artist = textAt(fields, at + "artist");
  event.album = textAt(fields, at + "album");
  event.category = textAt(fields, at + "groupName");
  event.type = textAt(fields, at + "cartType");
  event.kind = kindOf(fields, at, config);
  event.source = source;
  const std::string cart = textAt(fields, at + "cartNumber");
  if (!cart.empty()) event.external_ids["rivendell_cart"] = cart;
  const std::string line = textAt(fields, at + "lineId");
  if (!line.empty()) event.id = fmt::format("rivendell:{}:{}", source, line);
  if (const std::string* length = valueAt(fields, at + "length")) {
    std::int64_t millis = 0;
    const auto [end, error] = std::from_chars(length->data(), length->data() + length->size(), millis);
    if (error == std::errc{} && end == length->data() + length->size() && millis > 0 &&
        millis < std::int64_t{1000} * 60 * 60 * 24 * 7) {
      event.duration_ms = millis;
    }
  }
  // Rivendell writes the start with its UTC offset; one without a zone is left empty (the
  // arrival time stands in) rather than guessed.
  const std::string start = textAt(fields, at + "startDateTime");
  const bool zoned = start.size() > 19 && (start.back() == 'Z' || start.find_first_of("+-", 19) != std::string::npos);
  if (zoned) {
    if (const auto when = parseIsoTime(start)) event.started_at = formatRfc3339(*when);
  }
  return event;
}

}  // namespace

std::optional<PadUpdate> readPadUpdate(std::string_view document, const RivendellConfig& config,
                                       const std::string& source, std::string& why) {
  FlatFields fields;
  if (!flattenJson(document, fields, why)) return std::nullopt;
  const std::string* machine = valueAt(fields, "padUpdate.machine");
  if (!machine) {
    why = "not a PAD update (no padUpdate.machine)";
    return std::nullopt;
  }
  PadUpdate update;
  const auto [end, error] = std::from_chars(machine->data(), machine->data() + machine->size(), update.machine);
  if (error != std::errc{} || end != machine->data() + machine->size()) {
    why = "padUpdate.machine is not a number";
    return std::nullopt;
  }
  update.on_air = textAt(fields, "padUpdate.onairFlag") == "true";
  update.now = cartAt(fields, "now", config, source);
  if (update.now) {
    if (auto next = cartAt(fields, "next", config, source)) update.now->next.push_back(std::move(*next));
  }
  return update;
}

}  // namespace airbridge::rivendell
