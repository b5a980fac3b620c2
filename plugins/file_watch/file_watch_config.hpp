#pragma once
// The file_watch source's YAML section (documented key by key in README.md).

#include <airbridge/config_keys.hpp>
#include <airbridge/duration.hpp>
#include <airbridge/mapped_fields.hpp>

#include <filesystem>
#include <memory>
#include <string>

namespace re2 {
class RE2;
}

namespace airbridge::file_watch {

enum class FileFormat { text, json, xml };

struct FileWatchConfig {
  std::filesystem::path path;
  FileFormat format = FileFormat::text;
  /// text: RE2 with named groups (title, artist, album, duration...), searched in the file.
  std::string pattern = R"((?P<artist>[^\r\n]*?) - (?P<title>[^\r\n]+))";
  std::shared_ptr<const re2::RE2> regex;  ///< `pattern`, compiled once at config time
  /// Quiet time after the last change before the file is read.
  Duration debounce{250};
  std::size_t max_file_size = 64 * 1024;
  FieldMapping mapping;

  static const ConfigKeys<FileWatchConfig>& keys();
};

}  // namespace airbridge::file_watch
