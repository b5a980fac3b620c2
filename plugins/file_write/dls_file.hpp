#pragma once
// ODR-PadEnc's DLS file for DAB+: the Dynamic Label (at most 128 characters) after a parameters
// block that tags the artist and title inside it with DL Plus (ETSI TS 102 980: ITEM.TITLE = 1,
// ITEM.ARTIST = 4, each as "<type> <start> <length-1>"), and an item toggle that flips with each
// new item so receivers know a new song began.

#include <string>

namespace airbridge::file_write {

inline constexpr std::size_t kDynamicLabelWidth = 128;

/// The file for `label` (already in the file's encoding, as are `title` and `artist`); a song's
/// title and artist are tagged where they appear in it, in characters (`utf8`: the text is
/// UTF-8, else one byte per character); `running` false for a link or a spot.
std::string dlsFile(const std::string& label, const std::string& title, const std::string& artist,
                    bool running, bool toggle, bool utf8);

}  // namespace airbridge::file_write
