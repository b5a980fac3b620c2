#pragma once
// The metadata calls of each server and what their answers mean. Icecast 2 answers 200 even
// when it changed nothing: success is <return>1</return> with "Metadata update successful";
// "Mountpoint will not accept URL updates" (source credentials used from another host than the
// source's) is a failure, whatever the status says.

#include "icecast_config.hpp"

#include <airbridge/http_client.hpp>

#include <optional>
#include <string>
#include <vector>

namespace airbridge::icecast {

struct MetadataCall {
  std::string mount;  ///< empty for Shoutcast
  HttpClientRequest request;
};

/// One call per mount (Icecast) or one (Shoutcast) setting the stream title to `title` (UTF-8),
/// encoded as `charset` says.
std::vector<MetadataCall> metadataCalls(const IcecastConfig& config, const std::string& title);

/// nullopt when the server took the title; else what went wrong, with the fix.
std::optional<std::string> problemIn(const IcecastConfig& config, const MetadataCall& call,
                                     const HttpClientResponse& answer);

}  // namespace airbridge::icecast
