#include "support/airbridge_process.hpp"
#include "support/net_client.hpp"
#include "zetta_document_framer.hpp"

#include <catch2/catch.hpp>

#include <random>

using airbridge::testing::zettaCase;
using airbridge::zetta::FramedPiece;
using airbridge::zetta::ZettaDocumentFramer;
using Kind = FramedPiece::Kind;

namespace {

const std::vector<std::string> kSamples{"song", "kjhk-production", "current-and-next", "link",
                                        "spot-block"};

/// The document as the framer should return it: from its first '<' through "</ZettaLite>".
std::string trimmed(const std::string& document) {
  const auto begin = document.find('<');
  const auto end = document.rfind("</ZettaLite>") + std::string("</ZettaLite>").size();
  return document.substr(begin, end - begin);
}

std::vector<FramedPiece> feedInChunks(const std::string& stream, const std::vector<std::size_t>& cuts,
                                      std::size_t max = 1024 * 1024) {
  ZettaDocumentFramer framer(max);
  std::vector<FramedPiece> out;
  std::size_t previous = 0;
  auto take = [&](std::size_t end) {
    for (auto& piece : framer.feed(std::string_view(stream).substr(previous, end - previous))) {
      out.push_back(std::move(piece));
    }
    previous = end;
  };
  for (std::size_t cut : cuts) take(cut);
  take(stream.size());
  return out;
}

std::vector<std::string> documentsOf(const std::vector<FramedPiece>& pieces) {
  std::vector<std::string> out;
  for (const auto& piece : pieces) {
    if (piece.kind == Kind::document) out.push_back(piece.text);
  }
  return out;
}

/// Every sample, joined with each kind of separator Zetta or a relay might put between them.
std::pair<std::string, std::vector<std::string>> sampleStream() {
  const std::vector<std::string> separators{"", "\r\n", "\n\n", "\xEF\xBB\xBF", " \t\r\n", ""};
  std::string stream;
  std::vector<std::string> expected;
  for (std::size_t i = 0; i < kSamples.size(); ++i) {
    const std::string document = zettaCase(kSamples[i]);
    stream += separators[i % separators.size()] + document;
    expected.push_back(trimmed(document));
  }
  // The same document once more without its prolog.
  const std::string bare = trimmed(zettaCase("link"));
  stream += bare.substr(bare.find("<ZettaLite"));
  expected.push_back(bare.substr(bare.find("<ZettaLite")));
  return {stream, expected};
}

}  // namespace

TEST_CASE("framer: each sample whole is one document", "[zetta][framer]") {
  for (const auto& name : kSamples) {
    const std::string document = zettaCase(name);
    const auto pieces = feedInChunks(document, {});
    REQUIRE(pieces.size() == 1);
    CHECK(pieces[0].kind == Kind::document);
    CHECK(pieces[0].text == trimmed(document));
  }
}

TEST_CASE("framer: the same documents whatever the split point", "[zetta][framer]") {
  const auto [stream, expected] = sampleStream();
  for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
    const auto pieces = feedInChunks(stream, {cut});
    INFO("split at byte " << cut);
    REQUIRE(documentsOf(pieces) == expected);
    REQUIRE(pieces.size() == expected.size());  // nothing reported as garbage
  }
}

TEST_CASE("framer: one byte per read and random chunks", "[zetta][framer]") {
  const auto [stream, expected] = sampleStream();
  std::vector<std::size_t> everyByte;
  for (std::size_t i = 1; i < stream.size(); ++i) everyByte.push_back(i);
  CHECK(documentsOf(feedInChunks(stream, everyByte)) == expected);

  std::mt19937 random(20260914);
  for (int round = 0; round < 200; ++round) {
    std::vector<std::size_t> cuts;
    std::size_t at = 0;
    while (true) {
      at += std::uniform_int_distribution<std::size_t>(1, 300)(random);
      if (at >= stream.size()) break;
      cuts.push_back(at);
    }
    INFO("round " << round);
    REQUIRE(documentsOf(feedInChunks(stream, cuts)) == expected);
  }
}

TEST_CASE("framer: garbage is skipped up to the next document and reported", "[zetta][framer]") {
  const std::string song = zettaCase("song");
  const std::string stream = "HELLO ZETTA\r\n</ZettaLite>" + song + "junk<b>more junk</b>" + song;
  for (std::size_t chunk : {std::size_t{1}, std::size_t{7}, stream.size()}) {
    std::vector<std::size_t> cuts;
    for (std::size_t i = chunk; i < stream.size(); i += chunk) cuts.push_back(i);
    const auto pieces = feedInChunks(stream, cuts);
    REQUIRE(pieces.size() == 4);
    CHECK(pieces[0].kind == Kind::garbage);
    CHECK(pieces[0].text.starts_with("HELLO ZETTA"));
    CHECK(pieces[1].kind == Kind::document);
    CHECK(pieces[2].kind == Kind::garbage);
    CHECK(pieces[2].text.find("junk<b>more junk</b>") != std::string::npos);
    CHECK(pieces[3].kind == Kind::document);
    CHECK(pieces[3].text == trimmed(song));
  }
}

TEST_CASE("framer: a truncated document followed by a new one loses only itself",
          "[zetta][framer]") {
  const std::string song = zettaCase("song");
  const std::string link = zettaCase("link");
  const std::string cut = song.substr(0, song.size() / 2);
  const std::string rootOnly = trimmed(link).substr(trimmed(link).find("<ZettaLite"));
  const std::string stream = cut + link + cut.substr(cut.find("<ZettaLite")) + rootOnly;
  for (std::size_t chunk : {std::size_t{1}, std::size_t{64}, stream.size()}) {
    std::vector<std::size_t> cuts;
    for (std::size_t i = chunk; i < stream.size(); i += chunk) cuts.push_back(i);
    const auto pieces = feedInChunks(stream, cuts);
    REQUIRE(pieces.size() == 4);
    CHECK(pieces[0].kind == Kind::truncated);
    CHECK(pieces[1].kind == Kind::document);
    CHECK(pieces[1].text == trimmed(link));
    CHECK(pieces[2].kind == Kind::truncated);
    CHECK(pieces[3].kind == Kind::document);
    CHECK(pieces[3].text == rootOnly);
  }
}

TEST_CASE("framer: an oversize document is skipped without being held whole", "[zetta][framer]") {
  const std::size_t max = 4096;
  std::string huge = "<?xml version=\"1.0\"?>\n<ZettaLite><LogEventCollection>";
  while (huge.size() < 200'000) huge += "<LogEvent Type=\"SONG\"><Asset Title=\"padding padding\"/></LogEvent>";
  huge += "</LogEventCollection></ZettaLite>";
  const std::string song = zettaCase("song");
  const std::string stream = huge + "\r\n" + song;
  ZettaDocumentFramer framer(max);
  std::vector<FramedPiece> pieces;
  std::size_t largestBuffer = 0;
  for (std::size_t at = 0; at < stream.size(); at += 1000) {
    for (auto& piece : framer.feed(std::string_view(stream).substr(at, 1000))) {
      pieces.push_back(std::move(piece));
    }
    largestBuffer = std::max(largestBuffer, framer.buffered());
  }
  REQUIRE(pieces.size() == 2);
  CHECK(pieces[0].kind == Kind::oversize);
  CHECK(pieces[0].text.starts_with("<?xml"));
  CHECK(pieces[1].kind == Kind::document);
  CHECK(pieces[1].text == trimmed(song));
  CHECK(largestBuffer <= max + 1000);  // never the whole 200 kB document
}

TEST_CASE("framer: a document exactly at the limit passes, one byte over does not",
          "[zetta][framer]") {
  const std::string link = trimmed(zettaCase("link"));
  CHECK(documentsOf(feedInChunks(link, {}, link.size())) == std::vector<std::string>{link});
  const auto pieces = feedInChunks(link, {}, link.size() - 1);
  REQUIRE(pieces.size() == 1);
  CHECK(pieces[0].kind == Kind::oversize);
}

TEST_CASE("framer: whitespace after an end tag's name is bounded, in and out of a document",
          "[zetta][framer]") {
  const std::size_t max = 4096;
  const std::string song = zettaCase("song");
  const std::string flood(2'000'000, ' ');
  // Inside a document (an unclosed end tag, then 2 MB of spaces), and as a stray end tag between
  // documents: both once held every byte that followed and re-examined it on every read.
  for (const std::string prefix : {"<ZettaLite><LogEventCollection/></ZettaLite", "</ZettaLite"}) {
    INFO(prefix);
    ZettaDocumentFramer framer(max);
    std::vector<FramedPiece> pieces;
    std::size_t largestBuffer = 0;
    const std::string stream = prefix + flood + ">\r\n" + song;
    for (std::size_t at = 0; at < stream.size(); at += 4096) {
      for (auto& piece : framer.feed(std::string_view(stream).substr(at, 4096))) pieces.push_back(std::move(piece));
      largestBuffer = std::max(largestBuffer, framer.buffered());
    }
    CHECK(largestBuffer <= max + 4096);
    REQUIRE_FALSE(pieces.empty());
    CHECK(pieces.back().kind == Kind::document);
    CHECK(pieces.back().text == trimmed(song));
  }
}

TEST_CASE("framer: a few spaces before an end tag's '>' still end the document", "[zetta][framer]") {
  const std::string doc = "<ZettaLite><LogEventCollection/></ZettaLite \r\n\t>";
  CHECK(documentsOf(feedInChunks(doc, {1, 3}, 4096)) == std::vector<std::string>{doc});
}
