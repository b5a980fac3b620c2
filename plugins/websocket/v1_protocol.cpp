#include "v1_protocol.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <fmt/format.h>

#include <cstring>
#include <random>

namespace airbridge::websocket {
namespace {

bool hasTopic(std::uint8_t topics, Topic topic) { return topics & static_cast<std::uint8_t>(topic); }

/// 16 random hex digits: names a session in READY, RESUMED and the client's resume request.
std::string newSessionId() {
  static thread_local std::mt19937_64 random{std::random_device{}()};
  return fmt::format("{:016x}", random());
}

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
  const OnAirJson onAir = onAirJson(state.now.get(), state.program.get());
  if (hasTopic(topics, Topic::now_playing)) {
    data += fmt::format(R"(,"now_playing":{},"next":{},"on_air_source":{})", onAir.now, onAir.next,
                        onAir.source);
  }
  if (hasTopic(topics, Topic::program)) data += fmt::format(R"(,"program":{})", onAir.program);
  data += fmt::format(R"(,"resume_failed":{}}})", resume_failed ? "true" : "false");
  return fmt::format(R"({{"op":0,"t":"READY","s":{},"d":{}}})", state.sequence, data);
}

std::string resumedMessage(const std::string& session, std::uint64_t from_sequence,
                           std::size_t replayed) {
  return fmt::format(R"({{"op":0,"t":"RESUMED","s":{},"d":{{"session_id":{},"replayed":{}}}}})",
                     from_sequence, jsonQuote(session), replayed);
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

void V1Protocol::onOpen(WsLink& link) {
  link.sendText(helloMessage(interval_.count()));
}

void V1Protocol::onText(WsLink& link, std::string& text) {
  WsClient& client = link.client;
  std::string why;
  const auto request = parseClientRequest(text, why);
  if (!request) {
    link.close(close_code::decode_error, why);
    return;
  }
  switch (request->op) {
    case op::heartbeat:
      client.lastHeard = Clock::now();
      link.sendText(heartbeatAckMessage());
      return;
    case op::heartbeat_ack:
      if (!client.subscribed) {
        link.close(close_code::not_subscribed, "HEARTBEAT_ACK before SUBSCRIBE");
        return;
      }
      client.lastHeard = Clock::now();
      return;
    case op::subscribe:
      if (client.subscribed) {
        link.close(close_code::already_subscribed, "already subscribed");
        return;
      }
      subscribe(link, *request);
      return;
    default:
      link.close(close_code::unknown_opcode, "unknown opcode");
  }
}

void V1Protocol::subscribe(WsLink& link, const ClientRequest& request) {
  WsClient& client = link.client;
  client.subscribed = true;
  client.topics = request.topics;
  client.lastHeard = Clock::now();
  client.nextHeartbeat = client.lastHeard + interval_;
  // Resuming needs the sequence to still be in the window, not a session this process issued:
  // after a restart (history restored from storage) a client's old session can carry on.
  if (request.resume) {
    if (auto missed = published_.since(request.resume->second)) {
      std::strncpy(client.session.data(), request.resume->first.c_str(), client.session.size() - 1);
      link.sendText(resumedMessage(request.resume->first, request.resume->second,
                                           missed->size()));
      client.last_sequence = request.resume->second;
      for (const auto& frame : *missed) {
        if (client.topics & static_cast<std::uint8_t>(topicOf(frame.is_track))) {
          link.send(frame.frame);
        }
        client.last_sequence = frame.sequence;
      }
      return;
    }
  }
  const std::string session = newSessionId();
  std::strncpy(client.session.data(), session.c_str(), client.session.size() - 1);
  const auto snapshot = published_.snapshot();
  client.last_sequence = snapshot.sequence;
  link.sendText(readyMessage(session, interval_.count(), snapshot, client.topics,
                                     request.resume.has_value()));
}

void V1Protocol::onBinary(WsLink& link) {
  link.close(close_code::decode_error, "protocol v1 speaks JSON text frames");
}

void V1Protocol::onTick(WsLink& link, Clock::time_point now) {
  WsClient& client = link.client;
  if (now - client.lastHeard > interval_ * 3 / 2) {
    link.close(close_code::heartbeat_timeout, "no heartbeat");
    return;
  }
  if (client.subscribed && now >= client.nextHeartbeat) {
    link.sendText(heartbeatMessage());
    client.nextHeartbeat = now + interval_;
  }
}

bool V1Protocol::wants(const WsClient& client, const FanoutMessage& frame) const {
  return client.subscribed && (client.topics & frame.topic) &&
         frame.sequence > client.last_sequence;
}

}  // namespace airbridge::websocket
