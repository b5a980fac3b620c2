#include "http_push_config.hpp"

#include <fmt/format.h>

namespace airbridge::http_push {
namespace {

// Shorter shared secrets are guessable by a client with time on its hands.
constexpr std::size_t kShortestSecret = 16;

void readAllow(const ConfigSection& section, HttpPushConfig& config) {
  for (const auto& entry : section.optional<std::vector<std::string>>("allow", {})) {
    std::string why;
    if (!config.allow.add(entry, why)) {
      section.fail("allow", fmt::format("{}; list addresses or networks like 10.0.0.5 or 10.0.0.0/24", why));
    }
  }
}

/// Nobody may push without proving who they are: a secret, an allow list, or both.
void checkTogether(const ConfigSection& section, HttpPushConfig& config) {
  if (!config.path.starts_with('/')) section.fail("path", fmt::format("'{}' must start with '/'", config.path));
  if (config.secret.empty() && config.allow.empty()) {
    section.failHere("needs secret: (16 or more random characters, e.g. from: openssl rand -hex 16) "
                     "or allow: [the playout machines' addresses], or both");
  }
  if (!config.secret.empty() && config.secret.size() < kShortestSecret) {
    section.fail("secret", fmt::format("is {} characters; use at least {} random ones (e.g. the "
                                       "output of: openssl rand -hex 16)", config.secret.size(), kShortestSecret));
  }
  if (config.allow_query_secret && config.secret.empty()) {
    section.fail("allow_query_secret", "has no effect without secret; add secret or remove it");
  }
}

}  // namespace

const ConfigKeys<HttpPushConfig>& HttpPushConfig::keys() {
  using C = HttpPushConfig;
  static const auto keys = ConfigKeys<C>()
      .key("listen", &C::listen, "the listener the path is on; give the http sink's to share its port")
      .key("path", &C::path, "the path the playout system calls")
      .key("secret", &C::secret, "sent as Authorization: Bearer, X-Airbridge-Secret or a Basic password; 16 characters or more")
      .custom({"allow", "list of text", "none", "",
               "addresses and CIDR networks that may push (none: anyone with the secret)"},
              readAllow)
      .key("allow_query_secret", &C::allow_query_secret,
           "also accept ?secret= in the URL, for systems that can only fill in a GET URL")
      .choice("format", &C::format,
              {{"auto", PushFormat::automatic}, {"query", PushFormat::query}, {"form", PushFormat::form},
               {"json", PushFormat::json}, {"xml", PushFormat::xml}},
              "how the request carries the fields (auto: GET query, else by Content-Type)")
      .include(FieldMapping::keys(), &C::mapping)
      .check(checkTogether);
  return keys;
}

}  // namespace airbridge::http_push
