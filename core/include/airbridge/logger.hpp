#pragma once
/// Leveled logging with a fixed "[plugin:instance]" prefix. Thread-safe; writes one line per call.

#include <airbridge/sdk_export.hpp>
#include <fmt/format.h>

#include <atomic>
#include <string>
#include <string_view>

namespace airbridge {

enum class LogLevel { debug = 0, info = 1, warning = 2, error = 3 };

/// Parses "debug", "info", "warning" (or "warn"), "error"; false when unknown.
AIRBRIDGE_SDK_API bool parseLogLevel(std::string_view text, LogLevel& out);

class AIRBRIDGE_SDK_API Logger {
 public:
  /// `prefix` is printed in brackets ("zetta:studio"); lines below the global level are dropped.
  explicit Logger(std::string prefix) : prefix_(std::move(prefix)) {}

  template <typename... Args>
  void debug(fmt::format_string<Args...> format, Args&&... args) const {
    log(LogLevel::debug, format, std::forward<Args>(args)...);
  }
  template <typename... Args>
  void info(fmt::format_string<Args...> format, Args&&... args) const {
    log(LogLevel::info, format, std::forward<Args>(args)...);
  }
  template <typename... Args>
  void warning(fmt::format_string<Args...> format, Args&&... args) const {
    log(LogLevel::warning, format, std::forward<Args>(args)...);
  }
  template <typename... Args>
  void error(fmt::format_string<Args...> format, Args&&... args) const {
    log(LogLevel::error, format, std::forward<Args>(args)...);
  }

  template <typename... Args>
  void log(LogLevel level, fmt::format_string<Args...> format, Args&&... args) const {
    if (!enabled(level)) return;
    write(level, fmt::format(format, std::forward<Args>(args)...));
  }

  static bool enabled(LogLevel level) { return static_cast<int>(level) >= threshold_.load(); }
  /// Set once by the host from `log.level`.
  static void setLevel(LogLevel level) { threshold_.store(static_cast<int>(level)); }

  void write(LogLevel level, std::string_view message) const;
  const std::string& prefix() const { return prefix_; }

 private:
  std::string prefix_;
  static std::atomic<int> threshold_;
};

}  // namespace airbridge
