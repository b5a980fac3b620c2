#include "file_watch_config.hpp"

#include <fmt/format.h>
#include <re2/re2.h>

namespace airbridge::file_watch {
namespace {

void readPath(const ConfigSection& section, FileWatchConfig& config) {
  config.path = section.required<std::string>("path");
  if (!config.path.empty() && !config.path.has_filename()) {
    section.fail("path", "names a directory; give the file the playout system writes");
  }
}

/// Compiled here, so a pattern RE2 refuses, or one without a title, is a config error.
void checkPattern(const ConfigSection& section, FileWatchConfig& config) {
  if (config.format != FileFormat::text) {
    if (section.has("pattern")) section.fail("pattern", "is for format: text; json and xml use fields:");
    return;
  }
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(1 << 20);
  auto regex = std::make_shared<const re2::RE2>(config.pattern, options);
  if (!regex->ok()) {
    section.fail("pattern", fmt::format("is not an RE2 pattern: {}", regex->error()));
    return;
  }
  const std::string title = config.mapping.pathOf("title");
  if (!regex->NamedCapturingGroups().count(title)) {
    section.fail("pattern", fmt::format("has no group named '{}' for the title; write (?P<{}>...)", title, title));
  }
  config.regex = std::move(regex);
}

}  // namespace

const ConfigKeys<FileWatchConfig>& FileWatchConfig::keys() {
  using C = FileWatchConfig;
  static const auto keys = ConfigKeys<C>()
      .custom({"path", "path", "required", "", "the now-playing file the playout system rewrites"}, readPath)
      .choice("format", &C::format, {{"text", FileFormat::text}, {"json", FileFormat::json}, {"xml", FileFormat::xml}},
              "what the file holds")
      .key("pattern", &C::pattern, "text: RE2 with named groups (title, artist, album, duration...)")
      .key("debounce", &C::debounce, between(Duration{0}, Duration{std::chrono::seconds{10}}),
           "quiet time after the last change before the file is read")
      .key("max_file_size", &C::max_file_size, between<std::size_t>(16, 1024 * 1024),
           "largest file read, in bytes; a bigger one is reported and skipped")
      .include(FieldMapping::keys(), &C::mapping)
      .check(checkPattern);
  return keys;
}

}  // namespace airbridge::file_watch
