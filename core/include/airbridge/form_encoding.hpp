#pragma once
/// `name=value&name=value` as URL queries and form bodies (application/x-www-form-urlencoded)
/// carry it: percent escapes and '+' for a space.

#include <airbridge/sdk_export.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace airbridge {

/// Decodes one component; false on a bad escape (anything but %XX with two hex digits).
AIRBRIDGE_SDK_API bool percentDecode(std::string_view text, std::string& out);

using FormPairs = std::vector<std::pair<std::string, std::string>>;

/// Every pair, in order (empty pieces skipped). nullopt with `why` on a bad escape or more than
/// `max_pairs` pairs.
AIRBRIDGE_SDK_API std::optional<FormPairs> decodeForm(std::string_view text, std::size_t max_pairs,
                                                       std::string& why);

}  // namespace airbridge
