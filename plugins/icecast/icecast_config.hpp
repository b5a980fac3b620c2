#pragma once
// The icecast output's YAML section: the defaults here, the keys declared in the .cpp.

#include <airbridge/config_keys.hpp>
#include <airbridge/output_plugin.hpp>

#include <string>
#include <vector>

namespace airbridge::icecast {

enum class Server { icecast2, shoutcast1 };
enum class Charset { utf8, latin1 };

struct IcecastConfig {
  std::string url;  ///< http://host:port of the server
  Server server = Server::icecast2;
  std::vector<std::string> mounts;  ///< icecast2: each mount whose title follows the bus
  std::string user = "admin";
  std::string password;
  std::string password_file;  ///< or the password read from this file (first line)
  Charset charset = Charset::utf8;
  std::string template_text = "{{#artist}}{{artist}} - {{/artist}}{{title}}";
  std::string idle_text;  ///< for non-songs; empty: they leave the title as it is
  SinkEventOptions events;
  OutputDeliveryOptions delivery;

  static const ConfigKeys<IcecastConfig>& keys();
};

}  // namespace airbridge::icecast
