#pragma once
/// Text for devices that show less than Unicode: an RDS encoder (ASCII or its own code page), a
/// Shoutcast v1 server or an MP3 mount (ISO-8859-1). Every function takes and returns valid
/// UTF-8 unless it says otherwise, never splits a character, and turns control characters
/// (a CR or LF in a title would start a new encoder command) into spaces.

#include <airbridge/sdk_export.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace airbridge {

/// "Björk – Jóga" -> "Bjork - Joga": letters lose their accents, punctuation its typography,
/// other scripts are romanised (ICU's Any-Latin; Latin-ASCII), and what still has no ASCII form
/// is dropped. Runs of spaces are folded into one and the ends trimmed.
AIRBRIDGE_SDK_API std::string toAscii(std::string_view utf8);

/// ISO-8859-1 bytes (not UTF-8): characters Latin-1 has are kept ("Björk"), the others are
/// transliterated as by toAscii() ("–" -> "-").
AIRBRIDGE_SDK_API std::string toLatin1(std::string_view utf8);

/// At most `max_characters` characters: the text whole when it fits, else cut at the last space
/// that keeps at least half of it (then trailing spaces and punctuation are dropped), else cut
/// hard; never inside a UTF-8 sequence.
AIRBRIDGE_SDK_API std::string fitToWidth(std::string_view utf8, std::size_t max_characters);

/// The text with control characters (C0, DEL, C1) replaced by spaces and invalid UTF-8 replaced
/// by U+FFFD.
AIRBRIDGE_SDK_API std::string withoutControlCharacters(std::string_view utf8);

}  // namespace airbridge
