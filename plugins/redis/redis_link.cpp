#include "redis_link.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Redis/Error.h>
#include <Poco/Redis/Type.h>
#include <fmt/format.h>

#include <stdexcept>

namespace airbridge::redis {
namespace {

std::string nameOf(const Poco::Redis::Array& command) {
  return command.get<Poco::Redis::BulkString>(0).value();
}

Poco::Timespan timespan(Duration duration) {
  return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(duration.count()) * 1000);
}

}  // namespace

void RedisLink::connect(Duration reply_timeout) {
  close();
  try {
    socket_ = Poco::Net::StreamSocket();
    socket_.connect(Poco::Net::SocketAddress(config_.address.host(), config_.address.port()),
                    timespan(config_.connect_timeout));
    socket_.setNoDelay(true);
    socket_.setReceiveTimeout(timespan(reply_timeout));
    replies_ = std::make_unique<Poco::Redis::RedisInputStream>(socket_);
    connected_ = true;
  } catch (const Poco::Exception& e) {
    fail(fmt::format("cannot connect: {}", e.displayText()));
  }
  if (!config_.password.empty()) {
    Poco::Redis::Array auth;
    auth << "AUTH" << config_.password;
    run<std::string>(auth);
  }
  if (config_.database != 0) {
    Poco::Redis::Array select;
    select << "SELECT" << std::to_string(config_.database);
    run<std::string>(select);
  }
}

void RedisLink::close() noexcept {
  if (!connected_) return;
  connected_ = false;
  replies_.reset();
  try {
    socket_.close();
  } catch (...) {
    // The socket is already gone; nothing else to release.
  }
}

void RedisLink::fail(const std::string& what) {
  close();
  throw std::runtime_error(what);
}

template <typename T>
T RedisLink::run(const Poco::Redis::Array& command) {
  if (!connected_) throw std::runtime_error("not connected");
  Poco::Redis::RedisType::Ptr reply;
  try {
    // One write per command (RESP text), then one reply read with Poco's RESP types.
    const std::string wire = command.toString();
    for (std::size_t sent = 0; sent < wire.size();) {
      sent += static_cast<std::size_t>(socket_.sendBytes(wire.data() + sent, static_cast<int>(wire.size() - sent)));
    }
    const int marker = replies_->get();
    if (marker == std::char_traits<char>::eof()) fail(fmt::format("{}: Redis closed the connection", nameOf(command)));
    reply = Poco::Redis::RedisType::createRedisType(static_cast<char>(marker));
    if (reply.isNull()) fail(fmt::format("{}: not a RESP reply", nameOf(command)));
    reply->read(*replies_);
  } catch (const Poco::Exception& e) {
    fail(fmt::format("{}: {}", nameOf(command), e.displayText()));
  }
  if (reply->isError()) {
    const auto* error = dynamic_cast<Poco::Redis::Type<Poco::Redis::Error>*>(reply.get());
    fail(fmt::format("{} refused: {}", nameOf(command), error ? error->value().getMessage() : "?"));
  }
  const auto* typed = dynamic_cast<Poco::Redis::Type<T>*>(reply.get());
  if (!typed) fail(fmt::format("{}: unexpected reply type", nameOf(command)));
  return typed->value();
}

template Poco::Int64 RedisLink::run<Poco::Int64>(const Poco::Redis::Array&);
template std::string RedisLink::run<std::string>(const Poco::Redis::Array&);
template Poco::Redis::Array RedisLink::run<Poco::Redis::Array>(const Poco::Redis::Array&);
template Poco::Redis::BulkString RedisLink::run<Poco::Redis::BulkString>(const Poco::Redis::Array&);

}  // namespace airbridge::redis
