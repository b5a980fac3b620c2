#include "metadata_update.hpp"

#include <airbridge/device_text.hpp>

#include <fmt/format.h>

namespace airbridge::icecast {
namespace {

/// The answer's <message>, or its first line, shortened for a log line.
std::string messageOf(const std::string& body) {
  const auto start = body.find("<message>");
  const auto end = body.find("</message>");
  std::string message = start != std::string::npos && end != std::string::npos && end > start
                            ? body.substr(start + 9, end - start - 9)
                            : body.substr(0, body.find('\n'));
  return fitToWidth(withoutControlCharacters(message), 200);
}

}  // namespace

std::vector<MetadataCall> metadataCalls(const IcecastConfig& config, const std::string& title) {
  const bool utf8 = config.charset == Charset::utf8;
  const std::string song = percentEncode(utf8 ? withoutControlCharacters(title) : toLatin1(title));
  const std::string charset = utf8 ? "UTF-8" : "ISO-8859-1";
  std::vector<MetadataCall> calls;
  if (config.server == Server::shoutcast1) {
    HttpClientRequest request;
    request.url = fmt::format("{}/admin.cgi?pass={}&mode=updinfo&song={}", config.url,
                              percentEncode(config.password), song);
    request.timeout = config.delivery.timeout;
    calls.push_back({"", std::move(request)});
    return calls;
  }
  for (const auto& mount : config.mounts) {
    HttpClientRequest request;
    request.url = fmt::format("{}/admin/metadata?mount={}&mode=updinfo&song={}&charset={}", config.url,
                              percentEncode(mount), song, charset);
    request.user = config.user;
    request.password = config.password;
    request.timeout = config.delivery.timeout;
    calls.push_back({mount, std::move(request)});
  }
  return calls;
}

std::optional<std::string> problemIn(const IcecastConfig& config, const MetadataCall& call,
                                     const HttpClientResponse& answer) {
  if (config.server == Server::shoutcast1) {
    if (answer.status == 200) return std::nullopt;
    return fmt::format("Shoutcast answered {} {}: check password: (Shoutcast's password)", answer.status,
                       answer.reason);
  }
  const std::string message = messageOf(answer.body);
  if (answer.status == 401) {
    return fmt::format("Icecast refused user '{}' for {} (401): use the <admin-user> and "
                       "<admin-password> of icecast.xml as user: and password:", config.user, call.mount);
  }
  if (message.find("will not accept URL updates") != std::string::npos) {
    return fmt::format("Icecast kept the title of {}: \"{}\": source credentials may change it only "
                       "from the source client's own host; use the admin user (user: admin, "
                       "password: the <admin-password> of icecast.xml)", call.mount, message);
  }
  if (message.find("Source does not exist") != std::string::npos) {
    return fmt::format("no source is connected to {} on Icecast: start the encoder, or correct mounts:",
                       call.mount);
  }
  if (answer.status == 200 && answer.body.find("<return>1</return>") != std::string::npos) {
    return std::nullopt;
  }
  return fmt::format("Icecast answered {} for {}: \"{}\"", answer.status, call.mount, message);
}

}  // namespace airbridge::icecast
