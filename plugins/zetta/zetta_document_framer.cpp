#include "zetta_document_framer.hpp"

#include <algorithm>

namespace airbridge::zetta {
namespace {

constexpr std::string_view kProlog = "<?xml";
constexpr std::string_view kRoot = "<ZettaLite";
constexpr std::string_view kEnd = "</ZettaLite";
// In skipping mode only this tail is kept, so a marker split across reads is still found.
constexpr std::size_t kSkipTail = 64;
// A long run of garbage with no document after it is still reported, in pieces of this size.
constexpr std::size_t kGarbageReportBytes = 64 * 1024;
// XML allows any whitespace between "</ZettaLite" and ">"; Zetta writes none. Past this many
// bytes the would-be end tag is taken as not one, so an undecided marker never holds more than
// kEnd plus this, and a flood of whitespace after "</ZettaLite" is not re-examined per read.
constexpr std::size_t kMaxEndTagSpace = 32;
static_assert(kSkipTail > kEnd.size() + kMaxEndTagSpace, "the skip tail must hold an undecided end tag");

bool isNameEnd(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '>' || c == '/';
}

bool isIgnorable(unsigned char c) {
  // Whitespace between documents and the bytes of a UTF-8 BOM (EF BB BF) are not garbage.
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0 || c == 0xEF || c == 0xBB ||
         c == 0xBF;
}

}  // namespace

ZettaDocumentFramer::Marker ZettaDocumentFramer::markerAt(std::size_t pos,
                                                          std::size_t* end_out) const {
  const std::string_view rest = std::string_view(buffer_).substr(pos);
  auto check = [&](std::string_view marker, Marker kind) -> Marker {
    const std::size_t n = std::min(rest.size(), marker.size());
    if (rest.substr(0, n) != marker.substr(0, n)) return Marker::none;
    if (rest.size() <= marker.size()) return Marker::undecided;
    return isNameEnd(rest[marker.size()]) ? kind : Marker::none;
  };
  Marker found = Marker::none;
  for (auto [marker, kind] : {std::pair{kProlog, Marker::prolog}, std::pair{kRoot, Marker::root},
                              std::pair{kEnd, Marker::end}}) {
    const Marker result = check(marker, kind);
    if (result == Marker::undecided) return Marker::undecided;
    if (result != Marker::none) found = result;
  }
  if (found == Marker::end) {
    // "</ZettaLite" [whitespace] ">": the document ends after the '>'.
    const std::size_t spaceStart = pos + kEnd.size();
    std::size_t i = spaceStart;
    while (i < buffer_.size() && i - spaceStart <= kMaxEndTagSpace && isNameEnd(buffer_[i]) &&
           buffer_[i] != '>' && buffer_[i] != '/')
      ++i;
    if (i - spaceStart > kMaxEndTagSpace) return Marker::none;
    if (i >= buffer_.size()) return Marker::undecided;
    if (buffer_[i] != '>') return Marker::none;
    if (end_out) *end_out = i + 1;
  }
  return found;
}

void ZettaDocumentFramer::noteGarbage(std::string_view bytes) {
  for (unsigned char c : bytes) {
    if (isIgnorable(c) && garbageBytes_ == 0) continue;  // leading whitespace is not garbage
    ++garbageBytes_;
    if (garbageExcerpt_.size() < kExcerptLength) garbageExcerpt_ += static_cast<char>(c);
  }
}

void ZettaDocumentFramer::flushGarbage(std::vector<FramedPiece>& out) {
  // Trailing whitespace of a garbage run is not worth reporting either.
  if (garbageBytes_ > 0 &&
      !std::all_of(garbageExcerpt_.begin(), garbageExcerpt_.end(),
                   [](char c) { return isIgnorable(static_cast<unsigned char>(c)); })) {
    out.push_back({FramedPiece::Kind::garbage, garbageExcerpt_, garbageBytes_});
  }
  garbageBytes_ = 0;
  garbageExcerpt_.clear();
}

void ZettaDocumentFramer::startDocumentAt(std::size_t pos, Marker marker) {
  buffer_.erase(0, pos);
  state_ = State::inDocument;
  rootSeen_ = marker == Marker::root;
  scan_ = 1;
}

void ZettaDocumentFramer::seek(std::vector<FramedPiece>& out) {
  while (scan_ < buffer_.size()) {
    const std::size_t pos = buffer_.find('<', scan_);
    if (pos == std::string::npos) {
      noteGarbage(buffer_);
      buffer_.clear();
      scan_ = 0;
      if (garbageBytes_ >= kGarbageReportBytes) flushGarbage(out);
      return;
    }
    const Marker marker = markerAt(pos, nullptr);
    if (marker == Marker::undecided) {
      noteGarbage(std::string_view(buffer_).substr(0, pos));
      buffer_.erase(0, pos);
      scan_ = 0;
      return;  // wait for more bytes
    }
    if (marker == Marker::prolog || marker == Marker::root) {
      noteGarbage(std::string_view(buffer_).substr(0, pos));
      flushGarbage(out);
      startDocumentAt(pos, marker);
      return;
    }
    scan_ = pos + 1;  // a stray end tag or other markup outside a document: garbage
  }
}

void ZettaDocumentFramer::scanDocument(std::vector<FramedPiece>& out) {
  while (true) {
    const std::size_t pos = buffer_.find('<', scan_);
    if (pos == std::string::npos) {
      scan_ = buffer_.size();
      break;
    }
    std::size_t end = 0;
    const Marker marker = markerAt(pos, &end);
    if (marker == Marker::undecided) {
      scan_ = pos;
      break;
    }
    if (marker == Marker::end) {
      if (state_ == State::skipping) {
        // Already reported when skipping began.
      } else if (end > max_) {
        out.push_back({FramedPiece::Kind::oversize, buffer_.substr(0, kExcerptLength), end});
      } else {
        out.push_back({FramedPiece::Kind::document, buffer_.substr(0, end), end});
      }
      buffer_.erase(0, end);
      state_ = State::seeking;
      scan_ = 0;
      return;
    }
    const bool newStart = marker == Marker::prolog || (marker == Marker::root && rootSeen_);
    if (newStart) {
      if (state_ != State::skipping) {
        out.push_back({FramedPiece::Kind::truncated, buffer_.substr(0, kExcerptLength), pos});
      }
      startDocumentAt(pos, marker);
      continue;
    }
    if (marker == Marker::root) rootSeen_ = true;
    scan_ = pos + 1;
  }
  if (state_ == State::inDocument && buffer_.size() > max_) {
    state_ = State::skipping;
    out.push_back({FramedPiece::Kind::oversize, buffer_.substr(0, kExcerptLength), buffer_.size()});
  }
  if (state_ == State::skipping && buffer_.size() > kSkipTail) {
    // Keep only what may hold the start of a marker; everything before it is already examined.
    const std::size_t keepFrom = std::min(scan_, buffer_.size() - kSkipTail);
    buffer_.erase(0, keepFrom);
    scan_ -= keepFrom;
  }
}

std::vector<FramedPiece> ZettaDocumentFramer::feed(std::string_view bytes) {
  std::vector<FramedPiece> out;
  buffer_.append(bytes);
  while (!buffer_.empty()) {
    const std::size_t before = buffer_.size();
    const State stateBefore = state_;
    if (state_ == State::seeking) {
      seek(out);
    } else {
      scanDocument(out);
    }
    // Stop when a pass neither consumed bytes nor changed state: more input is needed.
    if (state_ == stateBefore && buffer_.size() == before) break;
  }
  return out;
}

}  // namespace airbridge::zetta
