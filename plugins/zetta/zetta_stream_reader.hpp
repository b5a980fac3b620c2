#pragma once
// Reads one kept-open Zetta connection until the peer closes it, it goes silent for
// idle_timeout, it fails, or the source stops. Used by both listen and connect modes.

#include "zetta_intake.hpp"

#include <airbridge/duration.hpp>

#include <Poco/Net/StreamSocket.h>

#include <atomic>
#include <string>

namespace airbridge::zetta {

enum class StreamEnd { closed_by_peer, idle, failed, stopping };

struct StreamOutcome {
  StreamEnd end;
  std::string detail;  ///< the error text for `failed`
};

/// What the reader tells about a connection while it reads it, for a listener that must pick
/// which connection to close when it is full.
struct LinkActivity {
  std::atomic<std::int64_t> last_heard_ms{0};  ///< steady clock, ms: connect or the latest bytes
  std::atomic<bool> delivered{false};          ///< at least one usable document came through
};

StreamOutcome readZettaStream(Poco::Net::StreamSocket& socket, const std::string& peer,
                              ZettaIntake& intake, std::size_t max_document_size,
                              Duration idle_timeout, const std::atomic<bool>& stopping,
                              LinkActivity* activity = nullptr);

/// Now on the clock LinkActivity::last_heard_ms counts.
std::int64_t steadyMillis();

}  // namespace airbridge::zetta
