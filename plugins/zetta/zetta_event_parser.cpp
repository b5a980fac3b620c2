#include "zetta_event_parser.hpp"

#include "text_encoding.hpp"
#include "zetta_time.hpp"

#include <airbridge/mapped_fields.hpp>

#include <Poco/SAX/Attributes.h>
#include <Poco/SAX/DefaultHandler.h>
#include <Poco/SAX/SAXException.h>
#include <Poco/SAX/SAXParser.h>
#include <Poco/XML/XMLException.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>

namespace airbridge::zetta {
namespace {

using AttributeMap = std::map<std::string, std::string>;

struct LogEventRecord {
  AttributeMap attributes;
  std::vector<AttributeMap> assets;
};

std::string upper(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

std::string valueOf(const AttributeMap& attributes, const char* name) {
  auto it = attributes.find(name);
  return it == attributes.end() ? std::string() : it->second;
}

/// Collects the attributes of every LogEvent and Asset; all Zetta data is in attributes.
/// Problems are recorded, not thrown: an exception must not unwind through expat's C frames.
class ZettaLiteHandler final : public Poco::XML::DefaultHandler {
 public:
  std::vector<LogEventRecord> events;
  std::string root;
  std::string error;

  void startElement(const Poco::XML::XMLString&, const Poco::XML::XMLString& localName,
                    const Poco::XML::XMLString& qname,
                    const Poco::XML::Attributes& attributes) override {
    if (!error.empty()) return;
    const std::string& name = localName.empty() ? qname : localName;
    if (root.empty()) {
      root = name;
      if (root != "ZettaLite") {
        error = fmt::format("the root element is <{}>, expected <ZettaLite>", root);
      }
      return;
    }
    if (name == "LogEvent") {
      events.push_back({read(attributes), {}});
    } else if (name == "Asset") {
      if (events.empty()) {
        error = "an <Asset> appears outside any <LogEvent>";
        return;
      }
      events.back().assets.push_back(read(attributes));
    }
  }

 private:
  static AttributeMap read(const Poco::XML::Attributes& attributes) {
    AttributeMap out;
    for (int i = 0; i < attributes.getLength(); ++i) {
      const auto& local = attributes.getLocalName(i);
      out[local.empty() ? attributes.getQName(i) : local] = attributes.getValue(i);
    }
    return out;
  }
};

/// Rejects any DTD before the parser runs: Zetta never sends one, and a DTD is how entity
/// bombs and external-entity reads arrive.
void refuseDtd(std::string_view text) {
  if (hasDtd(text)) {
    throw ZettaParseError("the document has a DTD (<!DOCTYPE or <!ENTITY); entity declarations "
                          "are refused");
  }
}

std::vector<LogEventRecord> readLogEvents(std::string_view document, ZettaAnnouncement& result) {
  std::string why;
  auto utf8 = toUtf8Document(document, why);
  if (!utf8) throw ZettaParseError(why);
  if (utf8->repaired) {
    result.notes.push_back(fmt::format("declared {} but was not valid UTF-8; read it as "
                                       "windows-1252", utf8->declared.empty() ? "no encoding (utf-8)"
                                                                              : utf8->declared));
  }
  refuseDtd(utf8->text);
  ZettaLiteHandler handler;
  Poco::XML::SAXParser parser;
  parser.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_GENERAL_ENTITIES, false);
  parser.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_PARAMETER_ENTITIES, false);
  parser.setFeature(Poco::XML::XMLReader::FEATURE_NAMESPACES, false);
  parser.setContentHandler(&handler);
  parser.setEncoding("UTF-8");
  try {
    parser.parseMemoryNP(utf8->text.data(), utf8->text.size());
  } catch (const Poco::XML::SAXParseException& e) {
    throw ZettaParseError(fmt::format("not well-formed XML at line {}, column {}: {}",
                                      e.getLineNumber(), e.getColumnNumber(), e.message()));
  } catch (const Poco::Exception& e) {
    throw ZettaParseError(fmt::format("not well-formed XML: {}", e.displayText()));
  }
  if (!handler.error.empty()) throw ZettaParseError(handler.error);
  if (handler.root.empty()) throw ZettaParseError("the document has no root element");
  return std::move(handler.events);
}

bool isOnAir(const AttributeMap& attributes) {
  return upper(valueOf(attributes, "Status")) == "CURRENT" ||
         upper(valueOf(attributes, "LastStarted")) == "TRUE";
}

std::optional<std::int64_t> lengthOf(const AttributeMap& asset) {
  if (auto total = secondsToMillis(valueOf(asset, "TotalLength"))) return total;
  return std::nullopt;
}

std::string timeOf(const AttributeMap& attributes, const char* name, ZettaAnnouncement& result) {
  const std::string raw = valueOf(attributes, name);
  if (raw.empty()) return {};
  if (auto normalized = toRfc3339Utc(raw)) return *normalized;
  result.notes.push_back(fmt::format("{}=\"{}\" is not an ISO 8601 time; left empty", name, raw));
  return {};
}

TrackEvent toTrackEvent(const LogEventRecord& record, const std::string& source,
                        ZettaAnnouncement& result) {
  TrackEvent event;
  const AttributeMap& attributes = record.attributes;
  const std::string zettaId = valueOf(attributes, "ZettaId");
  if (!zettaId.empty()) event.id = fmt::format("zetta:{}:{}", source, zettaId);
  event.type = valueOf(attributes, "Type");
  if (event.type.empty() && !record.assets.empty()) event.type = valueOf(record.assets[0], "Type");
  event.kind = kindOfZettaType(event.type);
  event.source = source;
  event.started_at = timeOf(attributes, "StartTime", result);
  event.scheduled_at = timeOf(attributes, "ScheduledTime", result);
  for (const auto& asset : record.assets) {
    event.assets.push_back(Asset{valueOf(asset, "ZettaId"), valueOf(asset, "Title"),
                                 valueOf(asset, "Artist1"), valueOf(asset, "Album1"),
                                 valueOf(asset, "Category"), lengthOf(asset)});
  }
  if (!record.assets.empty()) {
    const AttributeMap& first = record.assets.front();
    event.title = valueOf(first, "Title");
    event.artist = valueOf(first, "Artist1");
    event.album = valueOf(first, "Album1");
    event.category = valueOf(first, "Category");
    if (const auto assetId = valueOf(first, "ZettaId"); !assetId.empty()) {
      event.external_ids["zetta_asset"] = assetId;
    }
    if (const auto thirdParty = valueOf(first, "ThirdPartyId"); !thirdParty.empty()) {
      event.external_ids["third_party"] = thirdParty;
    }
  }
  if (event.title.empty()) event.title = valueOf(attributes, "Title");
  // A spot block lasts as long as all its spots; Duration (mm:ss) covers the whole event.
  if (record.assets.size() > 1) {
    std::int64_t total = 0;
    bool known = true;
    for (const auto& asset : event.assets) {
      if (asset.duration_ms) {
        total += *asset.duration_ms;
      } else {
        known = false;
      }
    }
    if (known) event.duration_ms = total;
  } else if (!event.assets.empty()) {
    event.duration_ms = event.assets.front().duration_ms;
  }
  if (!event.duration_ms) event.duration_ms = clockToMillis(valueOf(attributes, "Duration"));
  return event;
}

}  // namespace

std::string kindOfZettaType(std::string_view type) {
  const std::string key = upper(type);
  if (key == "SONG") return "song";
  if (key == "LINK") return "link";
  if (key == "SPOT") return "spot";
  if (key == "BREAK" || key == "SPOTBLOCK" || key == "SPOT_BLOCK") return "break";
  if (key == "VOICETRACK" || key == "VOICE_TRACK" || key == "VOICE TRACK" || key == "VT") {
    return "voicetrack";
  }
  return "other";
}

ZettaAnnouncement parseZettaDocument(std::string_view document, const std::string& source) {
  ZettaAnnouncement result;
  const std::vector<LogEventRecord> records = readLogEvents(document, result);
  std::vector<TrackEvent> events;
  std::vector<bool> onAir;
  for (std::size_t i = 0; i < records.size(); ++i) {
    TrackEvent event = toTrackEvent(records[i], source, result);
    if (records[i].assets.empty() && event.title.empty()) {
      result.notes.push_back(fmt::format("LogEvent #{} (ZettaId \"{}\") has no Asset and no title; "
                                         "skipped", i + 1, valueOf(records[i].attributes, "ZettaId")));
      continue;
    }
    onAir.push_back(isOnAir(records[i].attributes));
    events.push_back(std::move(event));
  }
  if (events.empty()) return result;
  // The marked event is on air and later ones are next; with none marked, Zetta announced the
  // event as it started, so the first is on air.
  const auto marked = std::find(onAir.begin(), onAir.end(), true);
  const std::size_t current = marked == onAir.end() ? 0 : static_cast<std::size_t>(marked - onAir.begin());
  TrackEvent announcement = std::move(events[current]);
  for (std::size_t i = current + 1; i < events.size(); ++i) {
    announcement.next.push_back(std::move(events[i]));
  }
  result.on_air = std::move(announcement);
  return result;
}

}  // namespace airbridge::zetta
