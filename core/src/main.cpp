// airbridge: broadcast automation bridge. Everything happens in app/airbridge_host.cpp.

#include "app/airbridge_host.hpp"

#include <iostream>

int main(int argc, char** argv) {
  std::string error;
  const auto line = airbridge::core::CommandLine::parse(argc, argv, error);
  if (!line) {
    std::cerr << "airbridge: " << error << "\n\n" << airbridge::core::CommandLine::usage();
    return 2;
  }
  return airbridge::core::runAirbridge(*line);
}
