#pragma once
/// The templates every output renders its text from (Mustache, logic-less):
///
///   "{{artist}} - {{title}}"          "{{#artist}}{{artist}} - {{/artist}}{{title}}"
///
/// Fields: title, artist, album, kind, category, duration (m:ss), duration_s, station, program
/// (the current show's name), djs (its DJs, comma-separated). A field that is empty is absent,
/// so `{{#album}}...{{/album}}` shows only when there is an album. Values are escaped for where
/// the text goes: JSON string escaping inside a JSON body, percent-encoding inside a URL, none
/// for plain text (`{{{title}}}` is never escaped).

#include <airbridge/config_section.hpp>
#include <airbridge/plugin_context.hpp>
#include <airbridge/sdk_export.hpp>

#include <map>
#include <memory>
#include <string>

namespace airbridge {

enum class TextEscape { plain, json, url };

/// The values a template sees, by field name.
using TemplateFields = std::map<std::string, std::string, std::less<>>;

/// The fields of `event` (a track), with the station's name and the program on air.
AIRBRIDGE_SDK_API TemplateFields templateFields(const TrackEvent& event, const StationInfo& station,
                                                const Dispatch* program);

/// "m:ss" ("3:41", "62:05"), empty when unknown.
AIRBRIDGE_SDK_API std::string minutesSeconds(std::optional<std::int64_t> duration_ms);

class AIRBRIDGE_SDK_API TextTemplate {
 public:
  /// Throws std::invalid_argument with the reason when `source` is not a template.
  TextTemplate(const std::string& source, TextEscape escape);
  ~TextTemplate();
  TextTemplate(TextTemplate&&) noexcept;
  TextTemplate& operator=(TextTemplate&&) noexcept;

  std::string render(const TemplateFields& fields) const;
  const std::string& source() const { return source_; }

  /// Records a problem at `key` when `source` is not a template (for a ConfigKeys check()).
  static void check(const ConfigSection& section, std::string_view key, const std::string& source);

 private:
  struct Compiled;
  std::string source_;
  std::unique_ptr<Compiled> compiled_;
};

}  // namespace airbridge
