#pragma once
// For targets whose reader takes a path: each input is written to one file of this process's
// own, so the reader sees it exactly as it would see a station's file.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

namespace airbridge::fuzz {

/// Writes the input to the process's file (`extension` decides how it is named) and returns its path.
inline const std::string& writeInput(const std::uint8_t* data, std::size_t size, const char* extension) {
  static const std::string path = std::string("/tmp/airbridge-fuzz-") + std::to_string(::getpid()) + extension;
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (!file) std::abort();
  if (size > 0 && std::fwrite(data, 1, size, file) != size) std::abort();
  std::fclose(file);
  return path;
}

}  // namespace airbridge::fuzz
