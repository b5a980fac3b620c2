#include "zetta_http_intake.hpp"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <fmt/format.h>

#include <airbridge/http_responder.hpp>

namespace airbridge::zetta {
namespace {

using Poco::Net::HTTPResponse;

void reply(Poco::Net::HTTPServerResponse& response, HTTPResponse::HTTPStatus status,
           const std::string& body) {
  response.setStatus(status);
  response.setContentType("application/json");
  response.setContentLength(static_cast<std::streamsize>(body.size()));
  response.send() << body;
}

void replyError(Poco::Net::HTTPServerResponse& response, HTTPResponse::HTTPStatus status,
                std::string_view code, std::string_view message) {
  reply(response, status, HttpResponder::errorBody(code, message));
}

class PostHandler final : public Poco::Net::HTTPRequestHandler {
 public:
  PostHandler(const ZettaConfig& config, ZettaIntake& intake) : config_(config), intake_(intake) {}

  void handleRequest(Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response) override {
    const std::string peer = request.clientAddress().toString();
    if (!config_.allow.allows(request.clientAddress().host().toString())) {
      replyError(response, HTTPResponse::HTTP_FORBIDDEN, "forbidden",
                 "this address may not feed the source (see allow:)");
      return;
    }
    std::string_view path = request.getURI();
    path = path.substr(0, path.find('?'));
    if (path != config_.http_path) {
      replyError(response, HTTPResponse::HTTP_NOT_FOUND, "not_found",
                 fmt::format("POST Zetta documents to {}", config_.http_path));
      return;
    }
    if (request.getMethod() != Poco::Net::HTTPRequest::HTTP_POST) {
      response.set("Allow", "POST");
      replyError(response, HTTPResponse::HTTP_METHOD_NOT_ALLOWED, "method_not_allowed",
                 "only POST is accepted here");
      return;
    }
    if (request.hasContentLength() &&
        request.getContentLength64() > static_cast<Poco::Int64>(config_.max_document_size)) {
      replyError(response, HTTPResponse::HTTP_REQUEST_ENTITY_TOO_LARGE, "too_large",
                 fmt::format("the body is over max_document_size ({} bytes)",
                             config_.max_document_size));
      return;
    }
    // Read at most one byte past the limit: enough to know the body is too large.
    std::string body(config_.max_document_size + 1, '\0');
    request.stream().read(body.data(), static_cast<std::streamsize>(body.size()));
    body.resize(static_cast<std::size_t>(request.stream().gcount()));
    if (body.size() > config_.max_document_size) {
      replyError(response, HTTPResponse::HTTP_REQUEST_ENTITY_TOO_LARGE, "too_large",
                 fmt::format("the body is over max_document_size ({} bytes)",
                             config_.max_document_size));
      return;
    }
    ZettaDocumentFramer framer(config_.max_document_size);
    int published = 0, duplicates = 0, rejected = 0, empty = 0;
    for (const auto& piece : framer.feed(body)) {
      switch (intake_.handle(piece, peer)) {
        case IntakeResult::published: ++published; break;
        case IntakeResult::duplicate: ++duplicates; break;
        case IntakeResult::nothing_on_air: ++empty; break;
        case IntakeResult::rejected:
        case IntakeResult::skipped: ++rejected; break;
      }
    }
    if (framer.inDocument()) ++rejected;  // a document cut short by the end of the body
    const int documents = published + duplicates + empty;
    if (documents == 0) {
      replyError(response, HTTPResponse::HTTP_BAD_REQUEST, "bad_document",
                 "the body holds no usable ZettaLite document; see the airbridge log for why");
      return;
    }
    reply(response, HTTPResponse::HTTP_OK,
          fmt::format(R"({{"published":{},"duplicates":{},"empty":{},"rejected":{}}})", published,
                      duplicates, empty, rejected));
  }

 private:
  const ZettaConfig& config_;
  ZettaIntake& intake_;
};

class PostHandlerFactory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  PostHandlerFactory(const ZettaConfig& config, ZettaIntake& intake)
      : config_(config), intake_(intake) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new PostHandler(config_, intake_);
  }

 private:
  const ZettaConfig& config_;
  ZettaIntake& intake_;
};

}  // namespace

ZettaHttpIntake::ZettaHttpIntake(const ZettaConfig& config, ZettaIntake& intake, const Logger& log)
    : config_(config), intake_(intake), log_(log) {}

ZettaHttpIntake::~ZettaHttpIntake() { stop(); }

void ZettaHttpIntake::start() {
  const SocketAddress& address = *config_.http_listen;
  Poco::Net::ServerSocket socket;
  try {
    // Never SO_REUSEPORT (Poco sets it with reuseAddress alone): a second airbridge on the
    // same port must fail loudly, not silently share the traffic.
    socket.bind(Poco::Net::SocketAddress(address.host(), address.port()), true, false);
    socket.listen(64);
  } catch (const Poco::Exception& e) {
    throw std::runtime_error(fmt::format("cannot listen for Zetta POSTs on {}: {}",
                                         address.toString(), e.displayText()));
  }
  auto params = Poco::AutoPtr<Poco::Net::HTTPServerParams>(new Poco::Net::HTTPServerParams);
  params->setMaxThreads(4);
  params->setMaxQueued(64);
  params->setKeepAlive(false);
  params->setTimeout(Poco::Timespan(10, 0));
  threads_ = std::make_unique<Poco::ThreadPool>(1, 4);
  server_ = std::make_unique<Poco::Net::HTTPServer>(new PostHandlerFactory(config_, intake_),
                                                    *threads_, socket, params);
  server_->start();
  log_.info("accepting Zetta POSTs on http://{}{}", socket.address().toString(), config_.http_path);
}

void ZettaHttpIntake::stop() noexcept {
  try {
    if (server_) server_->stopAll(true);
    if (threads_) threads_->joinAll();
    server_.reset();
    threads_.reset();
  } catch (const std::exception& e) {
    log_.warning("while stopping the Zetta POST listener: {}", e.what());
  }
}

}  // namespace airbridge::zetta
