// airbridge: broadcast automation bridge. Everything happens in app/airbridge_host.cpp.

#include "app/airbridge_host.hpp"

#include <sys/resource.h>

#include <iostream>

namespace {
/// Every listener's client is a file descriptor: take all the kernel allows (the soft limit is
/// often 1024 while the hard one is far higher).
void raiseOpenFileLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}
}  // namespace

int main(int argc, char** argv) {
  raiseOpenFileLimit();
  std::string error;
  const auto line = airbridge::core::CommandLine::parse(argc, argv, error);
  if (!line) {
    std::cerr << "airbridge: " << error << "\n\n" << airbridge::core::CommandLine::usage();
    return 2;
  }
  return airbridge::core::runAirbridge(*line);
}
