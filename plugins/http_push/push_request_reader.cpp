#include "push_request_reader.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace airbridge::http_push {
namespace {

constexpr std::size_t kMaxFormPairs = 256;

/// "application/json; charset=utf-8" -> "application/json".
std::string mediaType(std::string_view contentType) {
  const std::string_view type = contentType.substr(0, contentType.find(';'));
  std::string out;
  for (char c : type) {
    if (c != ' ' && c != '\t') out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

PushFormat formatOf(const HttpRequest& request, PushRefusal& refusal) {
  if (request.method == "GET" || request.body.empty()) return PushFormat::query;
  const std::string type = mediaType(request.header("Content-Type", ""));
  if (type == "application/x-www-form-urlencoded") return PushFormat::form;
  if (type == "application/json" || type.ends_with("+json") || type == "text/json") return PushFormat::json;
  if (type == "application/xml" || type == "text/xml" || type.ends_with("+xml")) return PushFormat::xml;
  refusal = {415, fmt::format("cannot read a body of Content-Type '{}'; send application/json, "
                              "application/xml, application/x-www-form-urlencoded, or the fields "
                              "in the query of a GET (or set format: in the source)",
                              type.empty() ? "(none)" : type.substr(0, 60))};
  return PushFormat::automatic;
}

}  // namespace

std::optional<FlatFields> readPushedFields(const HttpRequest& request, PushFormat format,
                                           PushRefusal& refusal) {
  if (format == PushFormat::automatic) format = formatOf(request, refusal);
  std::string why;
  FlatFields fields;
  switch (format) {
    case PushFormat::automatic:
      return std::nullopt;
    case PushFormat::query: {
      FormPairs pairs;
      for (const auto& pair : request.query) {
        if (pair.first != kQuerySecretName) pairs.push_back(pair);
      }
      return flattenPairs(pairs);
    }
    case PushFormat::form: {
      auto pairs = decodeForm(request.body, kMaxFormPairs, why);
      if (!pairs) break;
      pairs->erase(std::remove_if(pairs->begin(), pairs->end(),
                                  [](const auto& pair) { return pair.first == kQuerySecretName; }),
                   pairs->end());
      return flattenPairs(*pairs);
    }
    case PushFormat::json:
      if (flattenJson(request.body, fields, why)) return fields;
      break;
    case PushFormat::xml:
      if (flattenXml(request.body, fields, why)) return fields;
      break;
  }
  refusal = {400, fmt::format("the body could not be read: {}", why)};
  return std::nullopt;
}

}  // namespace airbridge::http_push
