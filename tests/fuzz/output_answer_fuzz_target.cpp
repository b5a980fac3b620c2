// libFuzzer target: arbitrary bytes as the answers outputs read back from servers (Icecast's
// and Shoutcast's XML, TuneIn's AIR API). Nothing may crash or hang, and what an answer makes
// the output log stays short and printable whatever the server sent.

#include "metadata_update.hpp"
#include "tunein_sink.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

namespace {

void requireLoggable(const std::optional<std::string>& problem) {
  if (!problem) return;
  if (problem->size() > 1200) std::abort();
  for (unsigned char c : *problem) {
    if (c < 0x20 || c == 0x7F) std::abort();  // no control character reaches a log line
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  airbridge::HttpClientResponse answer;
  answer.status = (data[0] & 1) ? 200 : 100 + data[0];
  answer.reason = "Reason";
  answer.body.assign(reinterpret_cast<const char*>(data) + 1, size - 1);

  airbridge::icecast::IcecastConfig config;
  config.url = "http://127.0.0.1:8000";
  config.mounts = {"/live.mp3"};
  config.password = "x";
  for (auto server : {airbridge::icecast::Server::icecast2, airbridge::icecast::Server::shoutcast1}) {
    config.server = server;
    for (const auto& call : airbridge::icecast::metadataCalls(config, answer.body)) {
      requireLoggable(airbridge::icecast::problemIn(config, call, answer));
    }
  }
  requireLoggable(airbridge::tunein::problemIn(answer));
  return 0;
}
