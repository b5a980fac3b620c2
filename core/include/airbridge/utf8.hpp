#pragma once
/// UTF-8 validation shared by plugins (Zetta documents, WebSocket text frames).

#include <airbridge/sdk_export.hpp>

#include <string>
#include <string_view>

namespace airbridge {

/// Strict RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF.
AIRBRIDGE_SDK_API bool isValidUtf8(std::string_view text);

/// The longest start of `text` of at most `max_bytes` bytes that does not end inside a UTF-8
/// character (when text is longer, room is left for an ellipsis if `ellipsis`).
AIRBRIDGE_SDK_API std::string_view utf8Prefix(std::string_view text, std::size_t max_bytes, bool ellipsis);
/// Cuts `text` to at most `max_bytes` bytes at a character boundary, ending it with "…" (U+2026)
/// when it was cut. Returns whether it was.
AIRBRIDGE_SDK_API bool capUtf8(std::string& text, std::size_t max_bytes);

}  // namespace airbridge
