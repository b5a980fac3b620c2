#pragma once
// This sink's published log of encoded frames, and the unit its event loops fan out.

#include "ws_frame.hpp"

#include <airbridge/published_log.hpp>

#include <chrono>
#include <cstdint>

namespace airbridge::websocket {

enum class Topic : std::uint8_t { now_playing = 1, program = 2 };

using PublishedFrames = PublishedLog<SharedFrame>;

inline Topic topicOf(bool is_track) { return is_track ? Topic::now_playing : Topic::program; }

/// One event, encoded once, on its way to every client of a loop.
struct PublishedFrame {
  std::uint64_t sequence;
  Topic topic;
  SharedFrame frame;
  std::chrono::system_clock::time_point admitted;  ///< for the fan-out latency histogram
};

}  // namespace airbridge::websocket
