#pragma once
// Reads the fields out of one push request, whatever shape the playout system sends: the URL
// query, a form body, JSON or XML. Pure (no I/O, no state), so the fuzz target runs exactly
// what a request runs.

#include "http_push_config.hpp"

#include <airbridge/http_exchange.hpp>
#include <airbridge/mapped_fields.hpp>

#include <optional>
#include <string>

namespace airbridge::http_push {

/// Query parameters that belong to airbridge, never to the event.
inline constexpr std::string_view kQuerySecretName = "secret";

struct PushRefusal {
  int status = 400;  ///< 400 unreadable, 415 a Content-Type we cannot read
  std::string message;
};

/// The fields of `request`, or the refusal to answer with.
std::optional<FlatFields> readPushedFields(const HttpRequest& request, PushFormat format,
                                           PushRefusal& refusal);

}  // namespace airbridge::http_push
