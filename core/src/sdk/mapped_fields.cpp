#include <airbridge/mapped_fields.hpp>

#include <airbridge/time_text.hpp>
#include <airbridge/utf8.hpp>

#include <Poco/JSON/Parser.h>
#include <Poco/SAX/Attributes.h>
#include <Poco/SAX/DefaultHandler.h>
#include <Poco/SAX/SAXException.h>
#include <Poco/SAX/SAXParser.h>
#include <fmt/format.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace airbridge {
namespace {

using Poco::Dynamic::Var;

/// Deepest nesting of {} and [] outside strings: checked before Poco's parser builds (and later
/// destroys, recursively) a tree of that depth.
std::size_t jsonNesting(std::string_view text) {
  std::size_t depth = 0, deepest = 0;
  bool inString = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (inString) {
      if (c == '\\') ++i;
      else if (c == '"') inString = false;
    } else if (c == '"') {
      inString = true;
    } else if (c == '{' || c == '[') {
      deepest = std::max(deepest, ++depth);
    } else if ((c == '}' || c == ']') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

/// Text as UTF-8: valid UTF-8 as it is, anything else read as Windows-1252, which is what a
/// Windows playout system writes when it does not write UTF-8.
std::string asUtf8(const std::string& text) {
  if (isValidUtf8(text)) return text;
  std::string out;
  icu::UnicodeString(text.data(), static_cast<int32_t>(text.size()), "windows-1252").toUTF8String(out);
  return out;
}

class JsonFlattener {
 public:
  JsonFlattener(FlatFields& out, FlattenLimits limits) : out_(out), limits_(limits) {}

  bool add(const std::string& path, const Var& value, std::string& why) {
    if (value.isEmpty()) return true;
    if (value.type() == typeid(Poco::JSON::Object::Ptr)) {
      const auto object = value.extract<Poco::JSON::Object::Ptr>();
      for (const auto& [key, child] : *object) {
        if (!add(path.empty() ? key : path + "." + key, child, why)) return false;
      }
      return true;
    }
    if (value.type() == typeid(Poco::JSON::Array::Ptr)) {
      const auto array = value.extract<Poco::JSON::Array::Ptr>();
      for (unsigned i = 0; i < array->size(); ++i) {
        if (!add(path.empty() ? std::to_string(i) : path + "." + std::to_string(i), array->get(i), why)) return false;
      }
      return true;
    }
    if (out_.size() == limits_.max_fields) {
      why = fmt::format("more than {} values", limits_.max_fields);
      return false;
    }
    out_.emplace(path, value.convert<std::string>());
    return true;
  }

 private:
  FlatFields& out_;
  FlattenLimits limits_;
};

/// Element text by slash path from the root, attributes as path/@name; the first of a path wins.
class XmlFlattener final : public Poco::XML::DefaultHandler {
 public:
  XmlFlattener(FlatFields& out, FlattenLimits limits) : out_(out), limits_(limits) {}
  std::string error;

  void startElement(const Poco::XML::XMLString&, const Poco::XML::XMLString& local,
                    const Poco::XML::XMLString& qname, const Poco::XML::Attributes& attributes) override {
    if (!error.empty()) return;
    if (paths_.size() == limits_.max_depth) {
      error = fmt::format("elements nest deeper than {}", limits_.max_depth);
      return;
    }
    const std::string& name = local.empty() ? qname : local;
    paths_.push_back(paths_.empty() ? name : paths_.back() + "/" + name);
    texts_.emplace_back();
    for (int i = 0; i < attributes.getLength(); ++i) {
      const auto& attribute = attributes.getLocalName(i).empty() ? attributes.getQName(i) : attributes.getLocalName(i);
      put(paths_.back() + "/@" + attribute, attributes.getValue(i));
    }
  }
  void endElement(const Poco::XML::XMLString&, const Poco::XML::XMLString&, const Poco::XML::XMLString&) override {
    if (!error.empty() || paths_.empty()) return;
    std::string text = std::move(texts_.back());
    const auto first = text.find_first_not_of(" \t\r\n");
    const auto last = text.find_last_not_of(" \t\r\n");
    if (first != std::string::npos) put(paths_.back(), text.substr(first, last - first + 1));
    paths_.pop_back();
    texts_.pop_back();
  }
  void characters(const Poco::XML::XMLChar ch[], int start, int length) override {
    if (!error.empty() || texts_.empty()) return;
    // Bounded by the document itself, which the caller already capped.
    texts_.back().append(ch + start, static_cast<std::size_t>(length));
  }

 private:
  void put(const std::string& path, const std::string& value) {
    if (!error.empty()) return;
    if (out_.size() == limits_.max_fields) {
      error = fmt::format("more than {} values", limits_.max_fields);
      return;
    }
    out_.emplace(path, value);
  }

  FlatFields& out_;
  FlattenLimits limits_;
  std::vector<std::string> paths_;
  std::vector<std::string> texts_;
};

std::string lowered(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

/// The event kind a playout system's own word names; nullopt for a word we do not know.
std::optional<std::string> kindOf(const std::string& word) {
  static const std::map<std::string, std::string> kWords{
      {"song", "song"}, {"music", "song"}, {"track", "song"},
      {"link", "link"}, {"jingle", "link"}, {"id", "link"}, {"sweeper", "link"}, {"imaging", "link"},
      {"spot", "spot"}, {"ad", "spot"}, {"advert", "spot"}, {"commercial", "spot"},
      {"break", "break"}, {"voicetrack", "voicetrack"}, {"vt", "voicetrack"},
      {"other", "other"}, {"news", "other"}, {"talk", "other"}};
  const auto it = kWords.find(lowered(trimmed(word)));
  if (it == kWords.end()) return std::nullopt;
  return it->second;
}

/// "215", "215.3" (in `unit`), "3:35", "1:03:35", "00:03:35.120" -> milliseconds.
std::optional<std::int64_t> lengthOf(const std::string& text, FieldMapping::DurationUnit unit) {
  const std::string value = trimmed(text);
  if (value.empty() || value.size() > 32) return std::nullopt;
  if (value.find(':') != std::string::npos) {
    double total = 0;
    std::size_t parts = 0, start = 0;
    while (start <= value.size()) {
      const std::size_t colon = std::min(value.find(':', start), value.size());
      const std::string part = value.substr(start, colon - start);
      double number = 0;
      const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), number);
      if (part.empty() || error != std::errc{} || end != part.data() + part.size() ||
          !std::isfinite(number) || number < 0 || number > 1e7 ||
          ++parts > 3 || (colon < value.size() && part.find('.') != std::string::npos)) {
        return std::nullopt;
      }
      total = total * 60 + number;
      start = colon + 1;
    }
    return static_cast<std::int64_t>(std::llround(total * 1000));
  }
  double number = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
  if (error != std::errc{} || end != value.data() + value.size() || !std::isfinite(number) ||
      number < 0 || number > 1e12) {
    return std::nullopt;
  }
  return static_cast<std::int64_t>(
      std::llround(unit == FieldMapping::DurationUnit::seconds ? number * 1000 : number));
}

/// RFC 3339 / ISO 8601, or Unix time in seconds (10 digits) or milliseconds (13 digits).
std::optional<std::string> startOf(const std::string& text) {
  const std::string value = trimmed(text);
  if (!value.empty() && value.size() <= 13 &&
      std::all_of(value.begin(), value.end(), [](unsigned char c) { return std::isdigit(c); })) {
    std::int64_t number = 0;
    std::from_chars(value.data(), value.data() + value.size(), number);
    const std::int64_t millis = value.size() > 10 ? number : number * 1000;
    return formatRfc3339(UtcMillis{std::chrono::milliseconds{millis}});
  }
  if (const auto when = parseIsoTime(value)) return formatRfc3339(*when);
  return std::nullopt;
}

}  // namespace

bool flattenJson(std::string_view text, FlatFields& out, std::string& why, FlattenLimits limits) {
  if (jsonNesting(text) > limits.max_depth) {
    why = fmt::format("the JSON nests deeper than {}", limits.max_depth);
    return false;
  }
  Var root;
  try {
    Poco::JSON::Parser parser;
    // JSON is UTF-8 by definition; a Windows playout system may still write its code page.
    root = parser.parse(asUtf8(std::string(text)));
  } catch (const Poco::Exception& e) {
    why = fmt::format("not JSON: {}", e.message().substr(0, 120));
    return false;
  } catch (const std::exception& e) {
    why = "not JSON";
    return false;
  }
  JsonFlattener flattener(out, limits);
  try {
    return flattener.add("", root, why);
  } catch (const Poco::Exception&) {
    why = "a JSON value could not be read as text";
    return false;
  }
}

bool flattenXml(std::string_view text, FlatFields& out, std::string& why, FlattenLimits limits) {
  if (hasDtd(text)) {
    why = "the XML has a DTD (<!DOCTYPE or <!ENTITY); entity declarations are refused";
    return false;
  }
  // Without an encoding declaration XML is UTF-8; a file that is not was written in the
  // Windows code page by a system that did not say so.
  const std::string_view prolog = text.substr(0, text.find("?>") == std::string_view::npos ? 0 : text.find("?>"));
  const std::string document = prolog.find("encoding") == std::string_view::npos ? asUtf8(std::string(text))
                                                                                 : std::string(text);
  XmlFlattener handler(out, limits);
  Poco::XML::SAXParser parser;
  parser.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_GENERAL_ENTITIES, false);
  parser.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_PARAMETER_ENTITIES, false);
  parser.setFeature(Poco::XML::XMLReader::FEATURE_NAMESPACES, false);
  parser.setContentHandler(&handler);
  try {
    parser.parseMemoryNP(document.data(), document.size());
  } catch (const Poco::XML::SAXParseException& e) {
    why = fmt::format("not well-formed XML at line {}, column {}: {}", e.getLineNumber(),
                      e.getColumnNumber(), e.message());
    return false;
  } catch (const Poco::Exception& e) {
    why = fmt::format("not well-formed XML: {}", e.displayText().substr(0, 120));
    return false;
  }
  if (!handler.error.empty()) {
    why = handler.error;
    return false;
  }
  return true;
}

bool hasDtd(std::string_view text) {
  for (std::size_t pos = text.find("<!"); pos != std::string_view::npos; pos = text.find("<!", pos + 2)) {
    std::string head(text.substr(pos, 9));
    std::transform(head.begin(), head.end(), head.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    if (head.rfind("<!DOCTYPE", 0) == 0 || head.rfind("<!ENTITY", 0) == 0) return true;
  }
  return false;
}

FlatFields flattenPairs(const FormPairs& pairs) {
  FlatFields out;
  for (const auto& [name, value] : pairs) out.emplace(name, value);
  return out;
}

const std::vector<std::string>& mappableEventFields() {
  static const std::vector<std::string> kFields{"id", "kind", "title", "artist", "album",
                                                "category", "duration", "started_at"};
  return kFields;
}

const ConfigKeys<FieldMapping>& FieldMapping::keys() {
  using C = FieldMapping;
  static const ConfigKeys<C> keys = [] {
    ConfigKeys<C> k;
    k.custom({"fields", "mapping", "each field is found under its own name",
              "", "where each event field is: id, kind, title, artist, album, category, duration, "
              "started_at -> a query/form name, a JSON dot path or an XML slash path"},
             [](const ConfigSection& section, C& config) {
               if (!section.has("fields")) return;
               const ConfigSection fields = section.child("fields");
               for (const auto& field : mappableEventFields()) {
                 if (fields.has(field)) {
                   const auto path = fields.optional<std::string>(field, field);
                   if (path.empty()) fields.fail(field, "is empty; give the path, or leave the key out");
                   config.paths[field] = path;
                 }
               }
             })
        .choice("duration_unit", &C::duration_unit,
                {{"s", DurationUnit::seconds}, {"ms", DurationUnit::milliseconds}},
                "what a plain number in `duration` counts (a clock like 3:35 is always read as one)")
        .key("default_kind", &C::default_kind,
             "the kind of an event whose kind is not mapped or not a word airbridge knows");
    k.check([](const ConfigSection& section, C& config) {
      if (!kindOf(config.default_kind)) {
        section.fail("default_kind", fmt::format("'{}' is not a kind (song, link, spot, break, "
                                                 "voicetrack or other)", config.default_kind));
      }
    });
    return k;
  }();
  return keys;
}

std::optional<TrackEvent> mapTrack(const FlatFields& fields, const FieldMapping& mapping,
                                   std::string& problem, std::size_t max_value_bytes) {
  auto valueOf = [&](const std::string& field) -> std::optional<std::string> {
    const auto it = fields.find(mapping.pathOf(field));
    if (it == fields.end()) return std::nullopt;
    std::string value = trimmed(asUtf8(it->second));
    capUtf8(value, max_value_bytes);
    return value;
  };
  TrackEvent event;
  const auto title = valueOf("title");
  if (!title || title->empty()) {
    problem = fmt::format("no title: nothing at '{}' (fields.title)", mapping.pathOf("title"));
    return std::nullopt;
  }
  event.title = *title;
  event.artist = valueOf("artist").value_or("");
  event.album = valueOf("album").value_or("");
  event.category = valueOf("category").value_or("");
  event.id = valueOf("id").value_or("");
  const auto kind = valueOf("kind");
  event.type = kind.value_or("");
  event.kind = kind ? kindOf(*kind).value_or(*kindOf(mapping.default_kind)) : *kindOf(mapping.default_kind);
  if (const auto duration = valueOf("duration"); duration && !duration->empty()) {
    const auto millis = lengthOf(*duration, mapping.duration_unit);
    if (!millis) {
      problem = fmt::format("'{}' at '{}' (fields.duration) is not a length: write seconds, "
                            "milliseconds with duration_unit: ms, or m:ss",
                            utf8Prefix(*duration, 40, false), mapping.pathOf("duration"));
      return std::nullopt;
    }
    if (*millis > 0) event.duration_ms = *millis;
  }
  if (const auto start = valueOf("started_at"); start && !start->empty()) {
    const auto when = startOf(*start);
    if (!when) {
      problem = fmt::format("'{}' at '{}' (fields.started_at) is not a time: write RFC 3339 "
                            "(2026-09-14T19:03:12Z) or Unix seconds",
                            utf8Prefix(*start, 40, false), mapping.pathOf("started_at"));
      return std::nullopt;
    }
    event.started_at = *when;
  }
  return event;
}

void ArrivalStamp::stamp(TrackEvent& event, std::chrono::system_clock::time_point now) {
  if (!event.started_at.empty()) return;
  constexpr char kSeparator = '\x1f';
  const std::string key = event.title + kSeparator + event.artist + kSeparator + event.album;
  if (key == key_ && (!until_ || now < *until_)) {
    event.started_at = started_at_;
    return;
  }
  key_ = key;
  started_at_ = formatRfc3339(std::chrono::time_point_cast<std::chrono::milliseconds>(now));
  until_.reset();
  if (event.duration_ms) until_ = now + std::chrono::milliseconds{*event.duration_ms};
  event.started_at = started_at_;
}

}  // namespace airbridge
