#include "session_registry.hpp"

#include <fmt/format.h>

#include <random>

namespace airbridge::websocket {
namespace {
constexpr std::size_t kRememberedSessions = 100'000;
}

std::string SessionRegistry::create() {
  static thread_local std::mt19937_64 random{std::random_device{}()};
  std::string id = fmt::format("{:016x}", random());
  std::lock_guard lock(mutex_);
  sessions_.insert(id);
  order_.push_back(id);
  if (order_.size() > kRememberedSessions) {
    sessions_.erase(order_.front());
    order_.pop_front();
  }
  return id;
}

bool SessionRegistry::knows(const std::string& session) const {
  std::lock_guard lock(mutex_);
  return sessions_.contains(session);
}

}  // namespace airbridge::websocket
