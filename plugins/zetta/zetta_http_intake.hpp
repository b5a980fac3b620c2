#pragma once
// The optional HTTP POST intake: the same XML, one or more documents per request body, on a
// listener of this source's own (it is an input, so it stays off the public port).

#include "zetta_config.hpp"
#include "zetta_intake.hpp"

#include <Poco/Net/HTTPServer.h>
#include <Poco/ThreadPool.h>

#include <memory>

namespace airbridge::zetta {

class ZettaHttpIntake {
 public:
  ZettaHttpIntake(const ZettaConfig& config, ZettaIntake& intake, const Logger& log);
  ~ZettaHttpIntake();

  void start();  ///< binds; throws with the address on failure
  void stop() noexcept;

 private:
  const ZettaConfig& config_;
  ZettaIntake& intake_;
  const Logger& log_;
  std::unique_ptr<Poco::ThreadPool> threads_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
};

}  // namespace airbridge::zetta
