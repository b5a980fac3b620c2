#include "bus/field_cap.hpp"

#include <airbridge/logger.hpp>
#include <airbridge/utf8.hpp>

#include <catch2/catch.hpp>

using namespace airbridge;

TEST_CASE("capUtf8 cuts at a character boundary and ends with an ellipsis") {
  std::string ascii(2000, 'a');
  CHECK(capUtf8(ascii, 1024));
  CHECK(ascii.size() == 1024);
  CHECK(ascii.ends_with("\xE2\x80\xA6"));
  CHECK(isValidUtf8(ascii));
  // Three-byte characters: the cut never lands inside one, whatever the limit.
  for (std::size_t limit = 64; limit < 72; ++limit) {
    std::string text;
    for (int i = 0; i < 100; ++i) text += "\xE2\x82\xAC";  // €
    CHECK(capUtf8(text, limit));
    CHECK(text.size() <= limit);
    CHECK(isValidUtf8(text));
  }
  std::string shortText = "short";
  CHECK_FALSE(capUtf8(shortText, 64));
  CHECK(shortText == "short");
}

TEST_CASE("capFields reaches every text field, nested upcoming events included") {
  TrackEvent track;
  track.title = std::string(5000, 't');
  track.artist = std::string(5000, 'a');
  track.external_ids["zetta_asset"] = std::string(5000, 'z');
  Asset asset;
  asset.title = std::string(5000, 'x');
  track.assets.push_back(asset);
  TrackEvent next;
  next.title = std::string(5000, 'n');
  track.next.push_back(next);
  EventPayload payload = track;
  CHECK(core::capFields(payload, 100) == 5);
  const auto& capped = std::get<TrackEvent>(payload);
  CHECK(capped.title.size() <= 100);
  CHECK(capped.external_ids.at("zetta_asset").size() <= 100);
  CHECK(capped.assets[0].title.size() <= 100);
  CHECK(capped.next[0].title.size() <= 100);
}

TEST_CASE("a log line quotes at most kMaxQuotedBytes of a text argument") {
  const std::string huge(100000, 'q');
  const auto quote = Logger::quoted(huge);
  CHECK(quote.cut);
  CHECK(fmt::format("{}", quote).size() < Logger::kMaxQuotedBytes + 40);
  CHECK(fmt::format("{}", Logger::quoted(std::string("fits"))) == "fits");
  CHECK(fmt::format("{:>6}", Logger::quoted("ab")) == "    ab");  // specs still apply
}
