#pragma once
/// A secret a client proves it knows over HTTP: as `Authorization: Bearer <secret>`, as
/// `X-Airbridge-Secret: <secret>`, or as the password of `Authorization: Basic` (for systems
/// whose webhook form has only a user and password, such as AzuraCast's).

#include <airbridge/http_exchange.hpp>
#include <airbridge/sdk_export.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace airbridge {

/// Compares in time that depends on the lengths only, so a secret cannot be guessed byte by
/// byte from how fast a wrong one is refused.
AIRBRIDGE_SDK_API bool sameSecret(std::string_view given, std::string_view expected);

/// The token of `Authorization: Bearer <token>`, or nullopt.
AIRBRIDGE_SDK_API std::optional<std::string> bearerToken(const HttpRequest& request);

/// The secret the request carries in its headers (Bearer, X-Airbridge-Secret, Basic password),
/// or nullopt when it carries none.
AIRBRIDGE_SDK_API std::optional<std::string> secretOf(const HttpRequest& request);

}  // namespace airbridge
