#include "now_playing_file.hpp"

#include <fmt/format.h>
#include <re2/re2.h>

#include <vector>

namespace airbridge::file_watch {
namespace {

std::optional<FlatFields> matchPattern(std::string_view content, const re2::RE2& regex, std::string& why) {
  // A byte-order mark is not part of the text.
  if (content.substr(0, 3) == "\xEF\xBB\xBF") content.remove_prefix(3);
  const int groups = regex.NumberOfCapturingGroups();
  std::vector<re2::StringPiece> captured(static_cast<std::size_t>(groups) + 1);
  if (!regex.Match(re2::StringPiece(content.data(), content.size()), 0, content.size(),
                   re2::RE2::UNANCHORED, captured.data(), groups + 1)) {
    why = "the pattern does not match the file";
    return std::nullopt;
  }
  FlatFields fields;
  for (const auto& [name, index] : regex.NamedCapturingGroups()) {
    const auto& piece = captured[static_cast<std::size_t>(index)];
    if (piece.data() != nullptr) fields.emplace(name, std::string(piece.data(), piece.size()));
  }
  return fields;
}

}  // namespace

std::optional<FlatFields> readNowPlayingFile(std::string_view content, const FileWatchConfig& config,
                                             std::string& why) {
  FlatFields fields;
  switch (config.format) {
    case FileFormat::text:
      return matchPattern(content, *config.regex, why);
    case FileFormat::json:
      if (content.substr(0, 3) == "\xEF\xBB\xBF") content.remove_prefix(3);
      if (flattenJson(content, fields, why)) return fields;
      return std::nullopt;
    case FileFormat::xml:
      if (flattenXml(content, fields, why)) return fields;
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace airbridge::file_watch
