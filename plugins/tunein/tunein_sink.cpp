#include "tunein_sink.hpp"

#include <airbridge/device_text.hpp>

#include <fmt/format.h>

namespace airbridge::tunein {
namespace {

std::string between(const std::string& body, const std::string& open, const std::string& close) {
  const auto start = body.find(open);
  if (start == std::string::npos) return {};
  const auto end = body.find(close, start + open.size());
  if (end == std::string::npos) return {};
  return body.substr(start + open.size(), end - start - open.size());
}

}  // namespace

std::optional<std::string> problemIn(const HttpClientResponse& answer) {
  const std::string status = fitToWidth(withoutControlCharacters(between(answer.body, "<status>", "</status>")), 20);
  if (answer.status == 200 && status == "200") return std::nullopt;
  const std::string fault = fitToWidth(withoutControlCharacters(between(answer.body, "<fault>", "</fault>")), 200);
  if (!fault.empty()) {
    return fmt::format("TuneIn refused the song ({}): \"{}\"; check partner_id, partner_key and station_id",
                       status.empty() ? std::to_string(answer.status) : status, fault);
  }
  return fmt::format("TuneIn answered {} without <status>200</status>: \"{}\"", answer.status,
                     fitToWidth(withoutControlCharacters(answer.body), 200));
}

TuneinSink::TuneinSink(TuneinConfig config, PluginContext& context)
    : OutputPlugin(config.events, config.delivery, /*latest_wins=*/true, context), config_(std::move(config)) {}


void TuneinSink::started() {
  // What was on air before a restart was already sent: TuneIn counts each start once.
  if (SharedDispatch now = context().store().nowPlaying()) {
    if (const TrackEvent* track = now->track()) lastSent_ = track->id;
  }
  context().log().info("telling TuneIn ({}) of each {}", config_.station_id, config_.songs_only ? "song" : "event");
}

std::string TuneinSink::requestUrl(const TrackEvent& track) const {
  std::string url = fmt::format("{}{}partnerId={}&partnerKey={}&id={}&title={}&artist={}", config_.url,
                                config_.url.find('?') == std::string::npos ? "?" : "&",
                                percentEncode(config_.partner_id), percentEncode(config_.partner_key),
                                percentEncode(config_.station_id), percentEncode(withoutControlCharacters(track.title)),
                                percentEncode(withoutControlCharacters(track.artist)));
  if (config_.album && !track.album.empty()) url += "&album=" + percentEncode(withoutControlCharacters(track.album));
  return url;
}

bool TuneinSink::takes(const Dispatch& event) const {
  const TrackEvent* track = event.track();
  if (!track || (config_.songs_only && track->kind != "song")) return false;
  return track->id.empty() || track->id != lastSent_;  // once per song start
}

void TuneinSink::send(const Dispatch& event) {
  const TrackEvent& track = *event.track();
  lastSent_ = track.id;
  HttpClientRequest request;
  request.url = requestUrl(track);
  request.timeout = config_.delivery.timeout;
  post(fmt::format("#{} '{}'", event.sequence, track.title), [request] {
    try {
      return problemIn(httpFetch(request, 16 * 1024));
    } catch (const HttpClientError& e) {
      return std::optional<std::string>(fmt::format("cannot reach {}: check url:", e.what()));
    }
  });
}

}  // namespace airbridge::tunein
