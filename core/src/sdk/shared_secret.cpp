#include <airbridge/shared_secret.hpp>

#include <Poco/Base64Decoder.h>

#include <sstream>

namespace airbridge {
namespace {

bool startsWithIgnoringCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && equalsIgnoringCase(text.substr(0, prefix.size()), prefix);
}

std::optional<std::string> basicPassword(std::string_view encoded) {
  if (encoded.size() > 1024) return std::nullopt;
  std::istringstream in{std::string(encoded)};
  Poco::Base64Decoder decoder(in);
  std::string decoded;
  try {
    decoded.assign(std::istreambuf_iterator<char>(decoder), std::istreambuf_iterator<char>());
  } catch (const std::exception&) {
    return std::nullopt;
  }
  const std::size_t colon = decoded.find(':');
  if (colon == std::string::npos) return std::nullopt;
  return decoded.substr(colon + 1);
}

}  // namespace

bool sameSecret(std::string_view given, std::string_view expected) {
  if (expected.empty()) return false;
  unsigned char difference = given.size() == expected.size() ? 0 : 1;
  for (std::size_t i = 0; i < given.size(); ++i) {
    difference |= static_cast<unsigned char>(given[i] ^ expected[i % expected.size()]);
  }
  return difference == 0;
}

std::optional<std::string> bearerToken(const HttpRequest& request) {
  const std::string_view authorization = request.header("Authorization", "");
  if (!startsWithIgnoringCase(authorization, "Bearer ")) return std::nullopt;
  return std::string(authorization.substr(7));
}

std::optional<std::string> secretOf(const HttpRequest& request) {
  if (const auto header = request.header("X-Airbridge-Secret")) return std::string(*header);
  if (auto token = bearerToken(request)) return token;
  const std::string_view authorization = request.header("Authorization", "");
  if (startsWithIgnoringCase(authorization, "Basic ")) return basicPassword(authorization.substr(6));
  return std::nullopt;
}

}  // namespace airbridge
