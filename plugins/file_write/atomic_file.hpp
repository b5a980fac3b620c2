#pragma once
// Rewriting a file so that a reader (OBS, ODR-PadEnc, StereoTool) never sees half of it: the
// new content goes to a temporary file in the same folder, is flushed to disk, and replaces the
// old one with rename(2), which is atomic on one file system.

#include <optional>
#include <string>

namespace airbridge::file_write {

/// nullopt on success, else what failed (with errno's text) and the fix.
std::optional<std::string> replaceFile(const std::string& path, const std::string& content);

}  // namespace airbridge::file_write
