#pragma once
// Protocol v1 messages and the KJHK legacy message (docs/protocol.md): building what the server
// sends and reading what a client sends.

#include "published_frames.hpp"

#include <airbridge/track_event.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace airbridge::websocket {

namespace op {
inline constexpr int dispatch = 0;
inline constexpr int hello = 1;
inline constexpr int subscribe = 2;
inline constexpr int heartbeat = 3;
inline constexpr int heartbeat_ack = 4;
}  // namespace op

std::string helloMessage(std::int64_t heartbeat_interval_ms);
std::string heartbeatMessage();
std::string heartbeatAckMessage();
/// `{"op":0,"t":"TRACK_CHANGED"|"PROGRAM_CHANGED","s":N,"d":...}`
std::string dispatchMessage(const Dispatch& event);
/// READY: session, heartbeat interval, the latest published sequence and the subscribed state.
std::string readyMessage(const std::string& session, std::int64_t heartbeat_interval_ms,
                         const PublishedFrames::Snapshot& state, std::uint8_t topics,
                         bool resume_failed);
std::string resumedMessage(const std::string& session, std::uint64_t from_sequence,
                           std::size_t replayed);
/// The legacy app's message: track, type, album, artist, length (ms), timestampUTC.
std::string legacyMessage(const Dispatch& event);

struct ClientRequest {
  int op = -1;
  std::uint8_t topics = 0;  ///< Topic bits, for SUBSCRIBE
  std::optional<std::pair<std::string, std::uint64_t>> resume;  ///< session id, sequence
};

/// nullopt with `why` set when the text is not JSON or not the shape of a v1 message.
std::optional<ClientRequest> parseClientRequest(const std::string& text, std::string& why);

}  // namespace airbridge::websocket
