#pragma once
// Brings a document to UTF-8 before the XML parser sees it. Zetta on a Windows host may declare
// windows-1252 or iso-8859-1, or declare utf-8 and still send windows-1252 bytes.

#include <airbridge/utf8.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace airbridge::zetta {

/// windows-1252 (a superset of iso-8859-1's printable range) to UTF-8.
std::string windows1252ToUtf8(std::string_view text);
std::string latin1ToUtf8(std::string_view text);

struct Utf8Document {
  std::string text;         ///< UTF-8, with the XML declaration removed
  std::string declared;     ///< the encoding the prolog named, lower case, or "" when none
  bool repaired = false;    ///< declared (or defaulted to) utf-8 but was not: read as windows-1252
};

/// nullopt with `why` when the declared encoding is one we do not read.
std::optional<Utf8Document> toUtf8Document(std::string_view document, std::string& why);

}  // namespace airbridge::zetta
