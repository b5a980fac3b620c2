#pragma once
// What happens to each framed piece, whichever way it arrived (TCP in, TCP out, HTTP POST):
// documents are parsed and published; everything else is logged once, with the peer, the reason
// and a short excerpt, and counted. Nothing here throws: one bad document costs only itself.

#include "zetta_document_framer.hpp"

#include <airbridge/plugin_context.hpp>

#include <airbridge/source_activity.hpp>

#include <atomic>
#include <string>

namespace airbridge::zetta {

enum class IntakeResult { published, duplicate, nothing_on_air, rejected, skipped };

class ZettaIntake {
 public:
  ZettaIntake(std::string source, Publisher& publisher, const Logger& log, Metrics& metrics);

  /// Until the source starts, documents are parsed but not published (the front door may pass
  /// a POST on before every source has started).
  void open() { open_.store(true); }
  IntakeResult handle(const FramedPiece& piece, const std::string& peer);
  /// A link went silent for idle_timeout (whichever way it was opened).
  void countIdleTimeout() { idleTimeouts_.add(); }

  /// The last document and what became of it, for the admin view.
  const SourceActivity& activity() const { return activity_; }

  /// Printable excerpt for a log line: control bytes shown as '.', cut at `length`.
  static std::string excerpt(std::string_view text, std::size_t length = 80);

 private:
  IntakeResult handleDocument(const std::string& document, const std::string& peer);
  /// One of this source's counter families (source="<name>"), by its varying label.
  CounterFamily family(Metrics& metrics, const char* name, const char* help, const char* label) const;

  std::string source_;
  const Logger& log_;
  Publisher& publisher_;
  std::atomic<bool> open_{false};
  SourceActivity activity_;
  Counter& parsed_;
  Counter& rejected_;
  Counter& duplicates_;
  Counter& garbageBytes_;
  Counter& truncated_;
  Counter& oversize_;
  Counter& idleTimeouts_;
};

}  // namespace airbridge::zetta
