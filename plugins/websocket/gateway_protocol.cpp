#include "gateway_protocol.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <fmt/format.h>

namespace airbridge::websocket {
namespace {

bool hasTopic(std::uint8_t topics, Topic topic) { return topics & static_cast<std::uint8_t>(topic); }

}  // namespace

std::string helloMessage(std::int64_t heartbeat_interval_ms) {
  return fmt::format(R"({{"op":1,"d":{{"heartbeat_interval":{}}}}})", heartbeat_interval_ms);
}

std::string heartbeatMessage() { return R"({"op":3,"d":null})"; }
std::string heartbeatAckMessage() { return R"({"op":4,"d":null})"; }

std::string dispatchMessage(const Dispatch& event) {
  const std::string data = payloadJson(event);
  return fmt::format(R"({{"op":0,"t":"{}","s":{},"d":{}}})", event.name(), event.sequence, data);
}

std::string readyMessage(const std::string& session, std::int64_t heartbeat_interval_ms,
                         const PublishedFrames::Snapshot& state, std::uint8_t topics,
                         bool resume_failed) {
  std::string data = fmt::format(R"({{"session_id":{},"heartbeat_interval":{},"seq":{})",
                                 jsonQuote(session), heartbeat_interval_ms, state.sequence);
  if (hasTopic(topics, Topic::now_playing)) {
    const TrackEvent* track = state.now ? state.now->track() : nullptr;
    data += fmt::format(R"(,"now_playing":{},"next":{})", track ? toJson(*track, false) : "null",
                        nextJson(track));
  }
  if (hasTopic(topics, Topic::program)) {
    data += fmt::format(R"(,"program":{})",
                        state.program ? toJson(*state.program->program()) : "null");
  }
  data += fmt::format(R"(,"resume_failed":{}}})", resume_failed ? "true" : "false");
  return fmt::format(R"({{"op":0,"t":"READY","s":{},"d":{}}})", state.sequence, data);
}

std::string resumedMessage(const std::string& session, std::uint64_t from_sequence,
                           std::size_t replayed) {
  return fmt::format(R"({{"op":0,"t":"RESUMED","s":{},"d":{{"session_id":{},"replayed":{}}}}})",
                     from_sequence, jsonQuote(session), replayed);
}

std::string legacyMessage(const Dispatch& event) {
  const TrackEvent& track = *event.track();
  // The app shows the timestamp as the start of play; before Zetta reports one, the moment
  // airbridge admitted the event is the best estimate.
  const std::string& when = track.started_at.empty() ? event.admitted_at : track.started_at;
  return fmt::format(R"({{"track":{},"type":{},"album":{},"artist":{},"length":{},"timestampUTC":{}}})",
                     jsonQuote(track.title), jsonQuote(track.type.empty() ? "OTHER" : track.type),
                     jsonQuote(track.album), jsonQuote(track.artist), track.duration_ms.value_or(0),
                     jsonQuote(when));
}

std::optional<ClientRequest> parseClientRequest(const std::string& text, std::string& why) {
  Poco::Dynamic::Var parsed;
  try {
    Poco::JSON::Parser parser;
    parsed = parser.parse(text);
  } catch (const Poco::Exception&) {
    why = "not JSON";
    return std::nullopt;
  }
  if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) {
    why = "not a JSON object";
    return std::nullopt;
  }
  const auto object = parsed.extract<Poco::JSON::Object::Ptr>();
  ClientRequest request;
  try {
    if (!object->has("op") || !object->get("op").isInteger()) {
      why = "no integer \"op\"";
      return std::nullopt;
    }
    request.op = object->getValue<int>("op");
    if (request.op != op::subscribe) return request;
    const auto data = object->getObject("d");
    if (!data || !data->has("topics")) {
      why = "SUBSCRIBE needs d.topics";
      return std::nullopt;
    }
    const auto topics = data->getArray("topics");
    if (!topics || topics->size() == 0) {
      why = "d.topics must be a non-empty list";
      return std::nullopt;
    }
    for (unsigned i = 0; i < topics->size(); ++i) {
      const auto topic = topics->get(i);
      if (!topic.isString()) {
        why = "topics are strings";
        return std::nullopt;
      }
      const std::string name = topic.toString();
      if (name == "now_playing") {
        request.topics |= static_cast<std::uint8_t>(Topic::now_playing);
      } else if (name == "program") {
        request.topics |= static_cast<std::uint8_t>(Topic::program);
      } else {
        why = fmt::format("unknown topic '{}' (now_playing, program)", name);
        return std::nullopt;
      }
    }
    if (data->has("resume") && !data->isNull("resume")) {
      const auto resume = data->getObject("resume");
      if (!resume || !resume->has("session_id") || !resume->has("seq") ||
          !resume->get("seq").isInteger() || resume->getValue<std::int64_t>("seq") < 0) {
        why = "resume needs session_id and a non-negative integer seq";
        return std::nullopt;
      }
      request.resume.emplace(resume->getValue<std::string>("session_id"),
                             resume->getValue<std::uint64_t>("seq"));
    }
  } catch (const Poco::Exception& e) {
    why = fmt::format("wrong shape: {}", e.displayText());
    return std::nullopt;
  }
  return request;
}

}  // namespace airbridge::websocket
