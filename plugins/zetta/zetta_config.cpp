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

namespace {

void readListen(const ConfigSection& section, ZettaConfig& config) {
  if (section.has("listen")) config.listen = section.optional<SocketAddress>("listen", kDefaultListen);
}

void readDocumentSize(const ConfigSection& section, ZettaConfig& config) {
  const auto size = section.optional<std::string>("max_document_size", "1MiB");
  if (!parseByteSize(size, config.max_document_size) || config.max_document_size < 1024 ||
      config.max_document_size > 64 * 1024 * 1024) {
    section.fail("max_document_size", fmt::format("'{}' is not a size between 1KiB and 64MiB; "
                                                  "write e.g. 1MiB or 262144", size));
  }
}

void readAllow(const ConfigSection& section, ZettaConfig& config) {
  for (const auto& entry : section.optional<std::vector<std::string>>("allow", {})) {
    std::string why;
    if (!config.allow.add(entry, why)) {
      section.fail("allow", fmt::format("{}; list addresses or networks like 10.0.0.5 or "
                                        "10.0.0.0/24", why));
    }
  }
}

/// The rules that tie keys together: at least one way in, and keys that only mean something
/// with another one.
void checkTogether(const ConfigSection& section, ZettaConfig& config) {
  if (!config.listen && !config.connect && !config.http_listen) config.listen = kDefaultListen;
  if (config.connect && config.connect->port() == 0) {
    section.fail("connect", "needs a real port; Zetta's relay cannot be on port 0");
  }
  if (!config.http_path.starts_with('/')) {
    section.fail("http_path", fmt::format("'{}' must start with '/'", config.http_path));
  }
  if (section.has("http_path") && !config.http_listen) {
    section.fail("http_path", "has no effect without http_listen; add http_listen or remove it");
  }
  if (config.reconnect_max < config.reconnect_min) {
    section.fail("reconnect_max", fmt::format("must not be less than reconnect_min ({})",
                                              formatDuration(config.reconnect_min)));
  }
  if (section.has("secret")) {
    if (!config.http_listen) {
      section.fail("secret", "guards only the HTTP POST intake; add http_listen or remove it (the TCP "
                             "stream cannot carry one: use allow: there)");
    } else if (config.secret.size() < kShortestSecret) {
      section.fail("secret", fmt::format("is {} characters; use at least {} random ones (e.g. the "
                                         "output of: openssl rand -hex 16)", config.secret.size(), kShortestSecret));
    }
  }
}

}  // namespace

const ConfigKeys<ZettaConfig>& ZettaConfig::keys() {
  using C = ZettaConfig;
  static const auto keys = ConfigKeys<C>()
      .custom({"listen", "address", "0.0.0.0:1234", "",
               "TCP address Zetta connects to (the default only when neither connect nor "
               "http_listen is set)"},
              readListen)
      .key("connect", &C::connect, "host:port to dial instead (or as well)")
      .key("reconnect_min", &C::reconnect_min, between(Duration{10}, Duration{std::chrono::hours{1}}),
           "first wait after connect fails, doubled up to reconnect_max")
      .key("reconnect_max", &C::reconnect_max, between(Duration{10}, Duration{std::chrono::hours{1}}),
           "longest wait between connect attempts")
      .key("http_listen", &C::http_listen, "HTTP POST intake, on the host's front door")
      .key("http_path", &C::http_path, "path of the POST intake")
      .key("secret", &C::secret, "POST intake: required Authorization: Bearer value, 16 characters or more")
      .key("idle_timeout", &C::idle_timeout, between(Duration{100}, Duration{std::chrono::hours{24}}),
           "silence before a link is presumed dead")
      .custom({"max_document_size", "size", "1MiB", "1KiB..64MiB", "largest document; bytes or KiB/MiB"},
              readDocumentSize)
      .key("max_connections", &C::max_connections, between(1, 1000),
           "concurrent Zetta connections; when full, a newcomer closes the least useful one")
      .custom({"allow", "list of text", "none", "",
               "addresses and CIDR networks, IPv4 and IPv6, that may connect or POST (none: anyone)"},
              readAllow)
      .check(checkTogether);
  return keys;
}

}  // namespace airbridge::zetta
