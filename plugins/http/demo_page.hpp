#pragma once
// The demo page at "/": what a newcomer opens to see airbridge work. Self-contained (no external
// assets, works offline), readable on a phone, live over WebSocket protocol v1 with reconnect and
// resume.

#include <string>

namespace airbridge::http {

/// The page, with the station name and the WebSocket path filled in.
std::string demoPage(const std::string& station_name, const std::string& websocket_path);

}  // namespace airbridge::http
