#include "zetta_intake.hpp"

#include "zetta_event_parser.hpp"

#include <fmt/format.h>

namespace airbridge::zetta {
namespace {
constexpr const char* kDocumentsHelp = "Zetta documents by outcome";
constexpr const char* kSkippedHelp = "Zetta input skipped because it was not a usable document";
}  // namespace

CounterFamily ZettaIntake::family(Metrics& metrics, const char* name, const char* help,
                                  const char* label) const {
  return {metrics, name, help, fmt::format("source=\"{}\"", source_), label};
}

ZettaIntake::ZettaIntake(std::string source, Publisher& publisher, const Logger& log,
                         Metrics& metrics)
    : source_(std::move(source)),
      log_(log),
      publisher_(publisher),
      parsed_(family(metrics, "airbridge_zetta_documents_total", kDocumentsHelp, "result").with("parsed")),
      rejected_(family(metrics, "airbridge_zetta_documents_total", kDocumentsHelp, "result").with("rejected")),
      duplicates_(family(metrics, "airbridge_zetta_documents_total", kDocumentsHelp, "result").with("duplicate")),
      garbageBytes_(family(metrics, "airbridge_zetta_skipped_bytes_total", kSkippedHelp, "reason").with("garbage")),
      truncated_(family(metrics, "airbridge_zetta_skipped_documents_total", kSkippedHelp, "reason").with("truncated")),
      oversize_(family(metrics, "airbridge_zetta_skipped_documents_total", kSkippedHelp, "reason").with("oversize")),
      idleTimeouts_(metrics.counter("airbridge_zetta_idle_timeouts_total",
                                    "Zetta links presumed dead after idle_timeout",
                                    fmt::format("source=\"{}\"", source_))) {}

std::string ZettaIntake::excerpt(std::string_view text, std::size_t length) {
  std::string out;
  for (unsigned char c : text.substr(0, length)) {
    out += (c < 0x20 || c == 0x7f) ? '.' : static_cast<char>(c);
  }
  if (text.size() > length) out += "...";
  return out;
}

IntakeResult ZettaIntake::handle(const FramedPiece& piece, const std::string& peer) {
  switch (piece.kind) {
    case FramedPiece::Kind::document: {
      const IntakeResult result = handleDocument(piece.text, peer);
      static constexpr const char* kOutcomes[] = {"published", "duplicate", "nothing on air", "rejected", "skipped"};
      activity_.heard(peer, kOutcomes[static_cast<int>(result)]);
      return result;
    }
    case FramedPiece::Kind::garbage:
      garbageBytes_.add(piece.bytes);
      log_.warning("{}: skipped {} byte(s) that are not a ZettaLite document: \"{}\"", peer,
                   piece.bytes, excerpt(piece.text));
      return IntakeResult::skipped;
    case FramedPiece::Kind::truncated:
      truncated_.add();
      log_.warning("{}: a document was cut short by the next one after {} byte(s); skipped it: "
                   "\"{}\"", peer, piece.bytes, excerpt(piece.text));
      return IntakeResult::skipped;
    case FramedPiece::Kind::oversize:
      oversize_.add();
      log_.warning("{}: a document is over max_document_size ({} byte(s) so far); skipping it "
                   "without buffering: \"{}\"", peer, piece.bytes, excerpt(piece.text));
      return IntakeResult::skipped;
  }
  return IntakeResult::skipped;
}

IntakeResult ZettaIntake::handleDocument(const std::string& document, const std::string& peer) {
  ZettaAnnouncement announcement;
  try {
    announcement = parseZettaDocument(document, source_);
  } catch (const ZettaParseError& e) {
    rejected_.add();
    log_.warning("{}: rejected a document: {}: \"{}\"", peer, e.what(), excerpt(document));
    return IntakeResult::rejected;
  }
  parsed_.add();
  for (const auto& note : announcement.notes) log_.info("{}: {}", peer, note);
  if (!announcement.on_air) {
    log_.info("{}: document announced no playable event", peer);
    return IntakeResult::nothing_on_air;
  }
  if (!open_.load()) return IntakeResult::nothing_on_air;
  if (!publisher_.publish(std::move(*announcement.on_air))) {
    duplicates_.add();
    log_.debug("{}: duplicate announcement dropped", peer);
    return IntakeResult::duplicate;
  }
  return IntakeResult::published;
}

}  // namespace airbridge::zetta
