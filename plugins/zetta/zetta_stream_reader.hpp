#pragma once
// Reads one kept-open Zetta connection until the peer closes it, it goes silent for
// idle_timeout, it fails, or the source stops. Used by both listen and connect modes.

#include "zetta_intake.hpp"

#include <airbridge/config_section.hpp>

#include <Poco/Net/StreamSocket.h>

#include <atomic>
#include <string>

namespace airbridge::zetta {

enum class StreamEnd { closed_by_peer, idle, failed, stopping };

struct StreamOutcome {
  StreamEnd end;
  std::string detail;  ///< the error text for `failed`
};

StreamOutcome readZettaStream(Poco::Net::StreamSocket& socket, const std::string& peer,
                              ZettaIntake& intake, std::size_t max_document_size,
                              Duration idle_timeout, const std::atomic<bool>& stopping);

}  // namespace airbridge::zetta
