#pragma once
/// What a source last heard, for the admin view: when, from whom, and what became of it.
/// Thread-safe and cheap (a lock and a few strings per document).

#include <airbridge/sdk_export.hpp>

#include <cstdint>
#include <mutex>
#include <string>

namespace airbridge {

class AIRBRIDGE_SDK_API SourceActivity {
 public:
  /// A document (or push, or update) from `peer`; `outcome` is what became of it
  /// ("published", "duplicate", "rejected"...).
  void heard(const std::string& peer, const std::string& outcome);
  /// `{"documents":N,"last":{"at","from","outcome"}|null}`
  std::string json() const;

 private:
  mutable std::mutex mutex_;
  std::uint64_t documents_ = 0;
  std::string at_, from_, outcome_;
};

}  // namespace airbridge
