#pragma once
// Rivendell's PAD service sends JSON objects one after another on a TCP stream. What lies
// between them differs by version (nothing, a blank CRLF line), so a document is framed by its
// own balanced braces, strings and escapes respected, whatever the reads split. A document over
// `max_document_size` is dropped whole and framing resumes at the next top-level object, so a
// broken or hostile peer costs only what it sent.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace airbridge::rivendell {

class PadStreamFramer {
 public:
  explicit PadStreamFramer(std::size_t max_document_size) : max_(max_document_size) {}

  /// The documents completed by `bytes`, in order.
  std::vector<std::string> feed(std::string_view bytes);
  /// Documents dropped for their size, and bytes outside any object skipped, so far.
  std::size_t oversized() const { return oversized_; }
  std::size_t skippedBytes() const { return skipped_; }

 private:
  const std::size_t max_;
  std::string current_;
  std::size_t depth_ = 0;
  bool inString_ = false;
  bool escaped_ = false;
  bool discarding_ = false;  // inside an oversized document: count braces, keep nothing
  std::size_t oversized_ = 0;
  std::size_t skipped_ = 0;
};

}  // namespace airbridge::rivendell
