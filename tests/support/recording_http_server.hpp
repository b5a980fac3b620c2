#pragma once
// An HTTP server in the test, standing in for a service that cannot run here (a webhook
// receiver, TuneIn's AIR API): it records every request and answers as the test says.

#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/ServerSocket.h>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace airbridge::testing {

struct RecordedRequest {
  std::string method;
  std::string uri;  ///< path and query, as sent
  std::map<std::string, std::string> headers;
  std::string body;
  std::string header(const std::string& name) const {
    const auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

struct CannedAnswer {
  int status = 200;
  std::string content_type = "text/plain";
  std::string body = "ok";
};

class RecordingHttpServer {
 public:
  /// `answer` is called for each request, with how many came before it.
  using Answer = std::function<CannedAnswer(const RecordedRequest& request, std::size_t earlier)>;
  explicit RecordingHttpServer(Answer answer);
  ~RecordingHttpServer();

  int port() const { return socket_.address().port(); }
  std::vector<RecordedRequest> requests() const;

 private:
  class Handler;
  class Factory;
  Answer answer_;
  Poco::Net::ServerSocket socket_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
  mutable std::mutex mutex_;
  std::vector<RecordedRequest> requests_;
};

}  // namespace airbridge::testing
