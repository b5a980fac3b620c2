#pragma once
/// UTF-8 validation shared by plugins (Zetta documents, WebSocket text frames).

#include <airbridge/sdk_export.hpp>

#include <string_view>

namespace airbridge {

/// Strict RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF.
AIRBRIDGE_SDK_API bool isValidUtf8(std::string_view text);

}  // namespace airbridge
