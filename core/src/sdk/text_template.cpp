#include <airbridge/text_template.hpp>
#include <airbridge/http_client.hpp>

#include <fmt/format.h>
#include <kainjow/mustache.hpp>

#include <mutex>
#include <stdexcept>

namespace airbridge {
namespace {

/// The inside of a JSON string: jsonQuote() without its quotes.
std::string jsonStringBody(const std::string& text) {
  const std::string quoted = jsonQuote(text);
  return quoted.substr(1, quoted.size() - 2);
}

}  // namespace

struct TextTemplate::Compiled {
  // kainjow's render() is not const: one render at a time per template.
  std::mutex mutex;
  kainjow::mustache::mustache parsed;
  explicit Compiled(const std::string& source) : parsed(source) {}
};

std::string minutesSeconds(std::optional<std::int64_t> duration_ms) {
  if (!duration_ms || *duration_ms < 0) return {};
  const std::int64_t seconds = (*duration_ms + 500) / 1000;
  return fmt::format("{}:{:02}", seconds / 60, seconds % 60);
}

TemplateFields templateFields(const TrackEvent& event, const StationInfo& station,
                              const Dispatch* program) {
  TemplateFields fields;
  auto put = [&](const char* name, const std::string& value) {
    if (!value.empty()) fields.emplace(name, value);
  };
  put("title", event.title);
  put("artist", event.artist);
  put("album", event.album);
  put("kind", event.kind);
  put("category", event.category);
  put("duration", minutesSeconds(event.duration_ms));
  if (event.duration_ms) put("duration_s", fmt::format("{}", (*event.duration_ms + 500) / 1000));
  put("station", station.name);
  if (const ProgramChange* show = program ? program->program() : nullptr) {
    put("program", show->name);
    put("djs", fmt::format("{}", fmt::join(show->djs, ", ")));
  }
  return fields;
}

TextTemplate::TextTemplate(const std::string& source, TextEscape escape)
    : source_(source), compiled_(std::make_unique<Compiled>(source)) {
  if (!compiled_->parsed.is_valid()) throw std::invalid_argument(compiled_->parsed.error_message());
  switch (escape) {
    case TextEscape::plain:
      compiled_->parsed.set_custom_escape([](const std::string& text) { return text; });
      break;
    case TextEscape::json:
      compiled_->parsed.set_custom_escape(jsonStringBody);
      break;
    case TextEscape::url:
      compiled_->parsed.set_custom_escape([](const std::string& text) { return percentEncode(text); });
      break;
  }
}

TextTemplate::~TextTemplate() = default;
TextTemplate::TextTemplate(TextTemplate&&) noexcept = default;
TextTemplate& TextTemplate::operator=(TextTemplate&&) noexcept = default;

std::string TextTemplate::render(const TemplateFields& fields) const {
  kainjow::mustache::data data;
  for (const auto& [name, value] : fields) data.set(name, value);
  std::lock_guard lock(compiled_->mutex);
  return compiled_->parsed.render(data);
}

void TextTemplate::check(const ConfigSection& section, std::string_view key, const std::string& source) {
  try {
    TextTemplate(source, TextEscape::plain);
  } catch (const std::invalid_argument& e) {
    section.fail(key, fmt::format("'{}' is not a template: {}", source, e.what()));
  }
}

}  // namespace airbridge
