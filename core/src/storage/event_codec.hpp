#pragma once
// Reads back the JSON that toJson() writes, for events restored from storage.

#include <airbridge/track_event.hpp>

#include <string>

namespace airbridge::core {

/// `name` is Dispatch::name() ("TRACK_CHANGED" or "PROGRAM_CHANGED"). Throws on malformed JSON.
EventPayload payloadFromJson(const std::string& name, const std::string& json);

}  // namespace airbridge::core
