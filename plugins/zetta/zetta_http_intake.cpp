#include "zetta_http_intake.hpp"

#include "zetta_document_framer.hpp"

#include <airbridge/shared_secret.hpp>

#include <fmt/format.h>

namespace airbridge::zetta {

ZettaHttpIntake::ZettaHttpIntake(const ZettaConfig& config, ZettaIntake& intake,
                                 const ConfigSection& section, PluginContext& context)
    : config_(config), intake_(intake), context_(context) {
  context.http().claim(section, "http_path", *config_.http_listen, config_.http_path, *this);
}

void ZettaHttpIntake::start() {
  accepting_.store(true);
  const SocketAddress bound = context_.http().boundAddress(*config_.http_listen);
  context_.log().info("accepting Zetta POSTs on http://{}{}{}", bound.toString(), config_.http_path,
                      config_.secret.empty() ? "" : " (with Authorization: Bearer)");
}

bool ZettaHttpIntake::authorized(const HttpRequest& request) const {
  if (config_.secret.empty()) return true;
  const auto given = secretOf(request);
  return given && sameSecret(*given, config_.secret);
}

void ZettaHttpIntake::handle(const HttpRequest& request, HttpReply& reply) {
  if (!config_.allow.allows(request.client_ip)) {
    return responder_.sendError(request, reply, 403, "forbidden",
                                "this address may not feed the source (see allow:)");
  }
  if (!authorized(request)) {
    reply.set("WWW-Authenticate", "Bearer realm=\"airbridge zetta\"");
    return responder_.sendError(request, reply, 401, "unauthorized",
                                "send the source's secret as Authorization: Bearer <secret>");
  }
  if (request.method != "POST") {
    reply.set("Allow", "POST");
    return responder_.sendError(request, reply, 405, "method_not_allowed", "only POST is accepted here");
  }
  if (!accepting_.load()) {
    return responder_.sendError(request, reply, 503, "unavailable", "the source is not running");
  }
  if (request.body.size() > config_.max_document_size) {
    return responder_.sendError(request, reply, 413, "too_large",
                                fmt::format("the body is over max_document_size ({} bytes)",
                                            config_.max_document_size));
  }
  ZettaDocumentFramer framer(config_.max_document_size);
  const std::string peer = request.client_ip;
  int published = 0, duplicates = 0, rejected = 0, empty = 0;
  for (const auto& piece : framer.feed(request.body)) {
    switch (intake_.handle(piece, peer)) {
      case IntakeResult::published: ++published; break;
      case IntakeResult::duplicate: ++duplicates; break;
      case IntakeResult::nothing_on_air: ++empty; break;
      case IntakeResult::rejected:
      case IntakeResult::skipped: ++rejected; break;
    }
  }
  if (framer.inDocument()) ++rejected;  // a document cut short by the end of the body
  if (published + duplicates + empty == 0) {
    return responder_.sendError(request, reply, 400, "bad_document",
                                "the body holds no usable ZettaLite document; see the airbridge log for why");
  }
  reply.setBody("application/json",
                fmt::format(R"({{"published":{},"duplicates":{},"empty":{},"rejected":{}}})", published,
                            duplicates, empty, rejected));
}

}  // namespace airbridge::zetta
