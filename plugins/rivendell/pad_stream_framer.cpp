#include "pad_stream_framer.hpp"

namespace airbridge::rivendell {

std::vector<std::string> PadStreamFramer::feed(std::string_view bytes) {
  std::vector<std::string> documents;
  for (const char c : bytes) {
    if (depth_ == 0) {
      if (c != '{') {
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') ++skipped_;
        continue;
      }
      discarding_ = false;
      inString_ = escaped_ = false;
    }
    if (!discarding_) {
      current_ += c;
      if (current_.size() > max_) {
        discarding_ = true;
        ++oversized_;
        current_.clear();
        current_.shrink_to_fit();
      }
    }
    if (inString_) {
      if (escaped_) escaped_ = false;
      else if (c == '\\') escaped_ = true;
      else if (c == '"') inString_ = false;
      continue;
    }
    if (c == '"') {
      inString_ = true;
    } else if (c == '{' || c == '[') {
      ++depth_;
    } else if ((c == '}' || c == ']') && --depth_ == 0) {
      if (!discarding_) documents.push_back(std::move(current_));
      current_.clear();
      discarding_ = false;
    }
  }
  return documents;
}

}  // namespace airbridge::rivendell
