#include "zetta_config.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace airbridge::zetta {
namespace {
const SocketAddress kDefaultListen("0.0.0.0", 1234);
// Shorter shared secrets are guessable by a client with time on its hands.
constexpr std::size_t kShortestSecret = 16;
}

bool parseByteSize(std::string_view text, std::size_t& out) {
  std::size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  if (digits == 0 || digits > 12) return false;
  std::string unit(text.substr(digits));
  std::transform(unit.begin(), unit.end(), unit.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::size_t scale = 0;
  if (unit.empty() || unit == "b") scale = 1;
  if (unit == "k" || unit == "kb" || unit == "kib") scale = 1024;
  if (unit == "m" || unit == "mb" || unit == "mib") scale = 1024 * 1024;
  if (scale == 0) return false;
  out = std::stoull(std::string(text.substr(0, digits))) * scale;
  return true;
}

ZettaConfig ZettaConfig::parse(const ConfigSection& section) {
  ZettaConfig config;
  if (section.has("listen")) config.listen = section.optional<SocketAddress>("listen", kDefaultListen);
  if (section.has("connect")) config.connect = section.optional<SocketAddress>("connect", {});
  if (section.has("http_listen")) {
    config.http_listen = section.optional<SocketAddress>("http_listen", {});
  }
  if (!config.listen && !config.connect && !config.http_listen) config.listen = kDefaultListen;
  if (config.connect && config.connect->port() == 0) {
    section.fail("connect", "needs a real port; Zetta's relay cannot be on port 0");
  }

  config.http_path = section.optional<std::string>("http_path", config.http_path);
  if (!config.http_path.starts_with('/')) {
    section.fail("http_path", fmt::format("'{}' must start with '/'", config.http_path));
  }
  if (section.has("http_path") && !config.http_listen) {
    section.fail("http_path", "has no effect without http_listen; add http_listen or remove it");
  }

  config.idle_timeout = section.optional<Duration>("idle_timeout", config.idle_timeout);
  section.requireBetween("idle_timeout", config.idle_timeout, Duration{100}, Duration{std::chrono::hours{24}});
  config.reconnect_min = section.optional<Duration>("reconnect_min", config.reconnect_min);
  config.reconnect_max = section.optional<Duration>("reconnect_max", config.reconnect_max);
  section.requireBetween("reconnect_max", config.reconnect_max, Duration{10}, Duration{std::chrono::hours{1}});
  if (config.reconnect_min < std::chrono::milliseconds{10} ||
      config.reconnect_max < config.reconnect_min) {
    section.fail("reconnect_max", fmt::format("reconnect_min ({}) must be at least 10ms and at most "
                                              "reconnect_max ({})",
                                              formatDuration(config.reconnect_min),
                                              formatDuration(config.reconnect_max)));
  }

  const auto size = section.optional<std::string>("max_document_size", "1MiB");
  if (!parseByteSize(size, config.max_document_size) || config.max_document_size < 1024 ||
      config.max_document_size > 64 * 1024 * 1024) {
    section.fail("max_document_size", fmt::format("'{}' is not a size between 1KiB and 64MiB; "
                                                  "write e.g. 1MiB or 262144", size));
  }
  config.max_connections = section.optional<int>("max_connections", config.max_connections);
  section.requireBetween("max_connections", config.max_connections, 1, 1000);
  for (const auto& entry : section.optional<std::vector<std::string>>("allow", {})) {
    std::string why;
    if (!config.allow.add(entry, why)) {
      section.fail("allow", fmt::format("{}; list addresses or networks like 10.0.0.5 or "
                                        "10.0.0.0/24", why));
    }
  }
  config.secret = section.optional<std::string>("secret", "");
  if (section.has("secret")) {
    if (!config.http_listen) {
      section.fail("secret", "guards only the HTTP POST intake; add http_listen or remove it (the TCP "
                             "stream cannot carry one: use allow: there)");
    } else if (config.secret.size() < kShortestSecret) {
      section.fail("secret", fmt::format("is {} characters; use at least {} random ones (e.g. the "
                                         "output of: openssl rand -hex 16)", config.secret.size(), kShortestSecret));
    }
  }
  section.finish();
  return config;
}

}  // namespace airbridge::zetta
