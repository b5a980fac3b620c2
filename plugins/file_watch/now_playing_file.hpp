#pragma once
// What one version of a now-playing file says, as fields to map: the named groups of the
// pattern (text), or the values of a JSON or XML file. Pure, so the fuzz target runs exactly
// what the source runs.

#include "file_watch_config.hpp"

#include <airbridge/mapped_fields.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace airbridge::file_watch {

/// nullopt with `why` when the content does not parse or the pattern does not match: for a file
/// caught half-written, the reason to read it again rather than publish it.
std::optional<FlatFields> readNowPlayingFile(std::string_view content, const FileWatchConfig& config,
                                             std::string& why);

}  // namespace airbridge::file_watch
