#include "icecast_config.hpp"

#include <airbridge/text_template.hpp>

#include <fmt/format.h>

#include <fstream>

namespace airbridge::icecast {
namespace {

/// password_file: the first line, read at config time so a missing file is a config error.
void readPasswordFile(const ConfigSection& section, IcecastConfig& config) {
  config.password_file = section.optional<std::string>("password_file", "");
  if (config.password_file.empty()) return;
  std::ifstream in(config.password_file);
  std::string line;
  if (!in || !std::getline(in, line) || line.empty()) {
    section.fail("password_file", fmt::format("'{}' cannot be read or is empty; put the password on "
                                              "its first line, readable by the airbridge user",
                                              config.password_file));
    return;
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  config.password = line;
}

void checkTogether(const ConfigSection& section, IcecastConfig& config) {
  if (!config.url.starts_with("http://") && !config.url.starts_with("https://")) {
    section.fail("url", fmt::format("'{}' must be the server's http:// or https:// address, e.g. "
                                    "http://127.0.0.1:8000", config.url));
  }
  while (config.url.ends_with('/')) config.url.pop_back();
  if (config.server == Server::icecast2 && config.mounts.empty()) {
    section.fail("mounts", "Icecast needs the mounts to update, e.g. mounts: [/live.mp3]");
  }
  for (const auto& mount : config.mounts) {
    if (!mount.starts_with('/')) section.fail("mounts", fmt::format("'{}' must start with '/'", mount));
  }
  if (section.has("password") == section.has("password_file")) {
    section.failHere("needs exactly one of password: or password_file: (the admin password, or "
                     "Shoutcast's)");
  }
  TextTemplate::check(section, "template", config.template_text);
  if (!config.idle_text.empty()) TextTemplate::check(section, "idle_text", config.idle_text);
}

}  // namespace

const ConfigKeys<IcecastConfig>& IcecastConfig::keys() {
  using C = IcecastConfig;
  static const auto keys = ConfigKeys<C>()
      .required("url", &C::url, "the server, e.g. http://127.0.0.1:8000")
      .choice("server", &C::server, {{"icecast2", Server::icecast2}, {"shoutcast1", Server::shoutcast1}},
              "icecast2: /admin/metadata per mount; shoutcast1: /admin.cgi")
      .key("mounts", &C::mounts, "icecast2: the mounts whose stream title follows what is on air")
      .key("user", &C::user, "icecast2: the admin user (source credentials work only from the source's host)")
      .key("password", &C::password, "the admin password (Shoutcast: its password)")
      .custom({"password_file", "text", "none", "", "or a file whose first line is the password"},
              readPasswordFile)
      .choice("charset", &C::charset, {{"UTF-8", Charset::utf8}, {"ISO-8859-1", Charset::latin1}},
              "what the mount shows: UTF-8 needs <charset>UTF-8</charset> on the mount; ISO-8859-1 "
              "transliterates what Latin-1 lacks")
      .key("template", &C::template_text, "the stream title for songs")
      .key("idle_text", &C::idle_text, "the title for links, spots and the like (none: leave the title as it is)")
      .include(SinkEventOptions::keys(), &C::events)
      .include(OutputDeliveryOptions::keys(), &C::delivery)
      .check(checkTogether);
  return keys;
}

}  // namespace airbridge::icecast
