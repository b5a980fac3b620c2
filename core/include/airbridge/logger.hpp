#pragma once
/// Leveled logging with a fixed "[plugin:instance]" prefix. Thread-safe; writes one line per call.
///
/// What a line quotes may come from outside (a title, a URI, a peer's error): every text argument
/// is cut to kMaxQuotedBytes, and write() escapes control bytes, so no input can forge a log line
/// or make one cost megabytes. Callers need not do anything for it.

#include <airbridge/sdk_export.hpp>
#include <fmt/format.h>

#include <atomic>
#include <type_traits>
#include <string>
#include <string_view>
#include <vector>

namespace airbridge {

/// A text argument of a log line, cut to Logger::kMaxQuotedBytes (formatted as a string).
struct LogQuote {
  std::string_view text;
  bool cut = false;
};

enum class LogLevel { debug = 0, info = 1, warning = 2, error = 3 };

/// One warning or error as the log wrote it, kept for the admin view.
struct LoggedProblem {
  std::string at;       ///< RFC 3339 UTC, milliseconds
  LogLevel level;
  std::string where;    ///< the logger's prefix: "zetta:studio"
  std::string message;  ///< escaped as in the log
};

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

  static constexpr std::size_t kMaxQuotedBytes = 300;

  template <typename... Args>
  void log(LogLevel level, fmt::format_string<Args...> format, Args&&... args) const {
    if (!enabled(level)) return;
    write(level, fmt::vformat(fmt::string_view(format), fmt::make_format_args(quoted(args)...)));
  }

  /// Text arguments become LogQuotes; others pass as they are.
  template <typename T>
  static decltype(auto) quoted(const T& value) {
    if constexpr (std::is_convertible_v<const T&, std::string_view>) {
      const std::string_view text(value);
      return text.size() <= kMaxQuotedBytes ? LogQuote{text, false} : LogQuote{cutForLog(text), true};
    } else {
      return (value);
    }
  }
  /// The start of `text` that fits kMaxQuotedBytes, cut at a UTF-8 boundary.
  static std::string_view cutForLog(std::string_view text);

  static bool enabled(LogLevel level) { return static_cast<int>(level) >= threshold_.load(); }
  /// Set once by the host from `log.level`.
  static void setLevel(LogLevel level) { threshold_.store(static_cast<int>(level)); }

  void write(LogLevel level, std::string_view message) const;
  const std::string& prefix() const { return prefix_; }

  /// The last kRecentProblems warnings and errors of the whole process, oldest first.
  static constexpr std::size_t kRecentProblems = 50;
  static std::vector<LoggedProblem> recentProblems();

 private:
  std::string prefix_;
  static std::atomic<int> threshold_;
};

}  // namespace airbridge

template <>
struct fmt::formatter<airbridge::LogQuote> : fmt::formatter<std::string_view> {
  template <typename Context>
  auto format(const airbridge::LogQuote& quote, Context& context) const {
    if (!quote.cut) return fmt::formatter<std::string_view>::format(quote.text, context);
    return fmt::formatter<std::string_view>::format(
        fmt::format("{}… (cut at {} bytes)", quote.text, airbridge::Logger::kMaxQuotedBytes), context);
  }
};
