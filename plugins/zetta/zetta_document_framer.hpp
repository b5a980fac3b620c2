#pragma once
// Cuts a byte stream into whole ZettaLite documents, whatever the chunking: one byte per read or
// several documents per read, with or without the <?xml ...?> prolog, a BOM, CR/LF or nothing
// in between. What is not a document is skipped up to the next document start; a document cut
// short by a new one costs only itself; a document over the size limit is skipped while it
// streams by, never held whole. Whatever the bytes, it holds at most the size limit plus one
// read plus a few dozen bytes, and examines each byte a bounded number of times.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace airbridge::zetta {

struct FramedPiece {
  enum class Kind {
    document,   ///< `text` is one whole document, prolog included if it had one
    garbage,    ///< bytes outside any document (whitespace and BOMs are skipped silently)
    truncated,  ///< a document that a new document start interrupted
    oversize,   ///< a document longer than the limit: reported once when skipping starts
  };
  Kind kind;
  std::string text;        ///< the document, or a short excerpt of what was skipped
  std::size_t bytes = 0;   ///< how many bytes this piece covered (so far, for oversize)
};

class ZettaDocumentFramer {
 public:
  explicit ZettaDocumentFramer(std::size_t max_document_size) : max_(max_document_size) {}

  /// Consumes `bytes` and returns what became complete: documents and skipped pieces, in order.
  std::vector<FramedPiece> feed(std::string_view bytes);
  /// True while part of a document is buffered (for "connection closed mid-document").
  bool inDocument() const { return state_ != State::seeking; }
  std::size_t buffered() const { return buffer_.size(); }

  static constexpr std::size_t kExcerptLength = 80;

 private:
  enum class State { seeking, inDocument, skipping };
  enum class Marker { none, prolog, root, end, undecided };

  void seek(std::vector<FramedPiece>& out);
  void scanDocument(std::vector<FramedPiece>& out);
  Marker markerAt(std::size_t pos, std::size_t* end_out) const;
  void startDocumentAt(std::size_t pos, Marker marker);
  void flushGarbage(std::vector<FramedPiece>& out);
  void noteGarbage(std::string_view bytes);

  const std::size_t max_;
  State state_ = State::seeking;
  std::string buffer_;      // seeking: unexamined bytes; in a document: the document so far
  std::size_t scan_ = 0;    // where examination resumes, so each byte is examined about once
  bool rootSeen_ = false;   // the document's <ZettaLite> start tag has gone by
  std::size_t garbageBytes_ = 0;
  std::string garbageExcerpt_;
};

}  // namespace airbridge::zetta
