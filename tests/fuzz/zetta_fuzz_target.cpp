// libFuzzer target: arbitrary bytes, cut into arbitrary reads, through the Zetta framer and
// parser, then through a station's ordinary sink filter (RE2). Nothing may crash, leak or hang;
// every document either parses or is rejected cleanly.

#include "zetta_document_framer.hpp"
#include "zetta_event_parser.hpp"

#include <airbridge/sink_options.hpp>

#include <re2/re2.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {
const airbridge::SinkEventOptions& stationFilters() {
  static const airbridge::SinkEventOptions options = [] {
    airbridge::SinkEventOptions made;
    airbridge::SinkEventOptions::Filter filter;
    filter.pattern = "(Live|Acoustic) Version.*";
    RE2::Options flags;
    flags.set_case_sensitive(false);
    filter.regex = std::make_shared<const RE2>(filter.pattern, flags);
    made.filters.push_back(filter);
    return made;
  }();
  return options;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  // The first byte picks the read size, so the fuzzer explores chunk boundaries too.
  const std::size_t chunk = 1 + data[0] % 64;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  airbridge::zetta::ZettaDocumentFramer framer(4096);
  for (std::size_t at = 0; at < input.size(); at += chunk) {
    for (const auto& piece : framer.feed(input.substr(at, chunk))) {
      if (piece.kind != airbridge::zetta::FramedPiece::Kind::document) continue;
      try {
        const auto announcement = airbridge::zetta::parseZettaDocument(piece.text, "fuzz");
        if (announcement.on_air) {
          (void)airbridge::toJson(*announcement.on_air);
          auto dispatch = std::make_shared<airbridge::Dispatch>();
          dispatch->payload = *announcement.on_air;
          (void)stationFilters().apply(dispatch);
        }
      } catch (const airbridge::zetta::ZettaParseError&) {
        // a rejected document is a correct outcome
      }
    }
  }
  return 0;
}
