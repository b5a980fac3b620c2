#include "recording_http_server.hpp"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/StreamCopier.h>

namespace airbridge::testing {

class RecordingHttpServer::Handler final : public Poco::Net::HTTPRequestHandler {
 public:
  explicit Handler(RecordingHttpServer& server) : server_(server) {}
  void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
    RecordedRequest got{request.getMethod(), request.getURI(), {}, ""};
    for (const auto& [name, value] : request) got.headers[name] = value;
    Poco::StreamCopier::copyToString(request.stream(), got.body);
    std::size_t earlier = 0;
    {
      std::lock_guard lock(server_.mutex_);
      earlier = server_.requests_.size();
      server_.requests_.push_back(got);
    }
    const CannedAnswer answer = server_.answer_(got, earlier);
    response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(answer.status));
    response.setContentType(answer.content_type);
    response.send() << answer.body;
  }

 private:
  RecordingHttpServer& server_;
};

class RecordingHttpServer::Factory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit Factory(RecordingHttpServer& server) : server_(server) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new Handler(server_);
  }

 private:
  RecordingHttpServer& server_;
};

RecordingHttpServer::RecordingHttpServer(Answer answer)
    : answer_(std::move(answer)), socket_(Poco::Net::SocketAddress("127.0.0.1", 0)) {
  auto* params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(2);
  server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(*this), socket_, params);
  server_->start();
}

RecordingHttpServer::~RecordingHttpServer() { server_->stopAll(true); }

std::vector<RecordedRequest> RecordingHttpServer::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

}  // namespace airbridge::testing
