#include "net_client.hpp"

#include "airbridge_process.hpp"

#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>

#include <chrono>
#include <fstream>
#include <sstream>

namespace airbridge::testing {

HttpReply httpRequest(int port, const std::string& method, const std::string& path,
                      const std::string& body, const std::map<std::string, std::string>& headers) {
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
  session.setTimeout(Poco::Timespan(10, 0));
  Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  for (const auto& [name, value] : headers) request.set(name, value);
  if (!body.empty() || method == "POST") request.setContentLength(static_cast<std::streamsize>(body.size()));
  session.sendRequest(request) << body;
  Poco::Net::HTTPResponse response;
  std::istream& in = session.receiveResponse(response);
  HttpReply reply;
  reply.status = response.getStatus();
  for (const auto& [name, value] : response) reply.headers[name] = value;
  Poco::StreamCopier::copyToString(in, reply.body);
  return reply;
}

ZettaFeed::ZettaFeed(int port) {
  socket_.connect(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)));
}

void ZettaFeed::send(const std::string& bytes) {
  socket_.sendBytes(bytes.data(), static_cast<int>(bytes.size()));
}

bool ZettaFeed::closedByServer(std::chrono::milliseconds deadline) {
  const auto end = std::chrono::steady_clock::now() + deadline;
  char buffer[256];
  while (std::chrono::steady_clock::now() < end) {
    if (socket_.poll(Poco::Timespan(0, 50'000), Poco::Net::Socket::SELECT_READ)) {
      try {
        if (socket_.receiveBytes(buffer, sizeof buffer) <= 0) return true;
      } catch (const Poco::Exception&) {
        return true;  // reset counts as closed
      }
    }
  }
  return false;
}

std::string readText(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string zettaCase(const std::string& name) {
  return readText(BuildPaths::zettaCases() / name / "input.xml");
}

std::size_t countLines(const std::string& text) {
  std::size_t count = 0;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) ++count;
  }
  return count;
}

}  // namespace airbridge::testing

namespace airbridge::testing {
std::string zettaDocument(int zetta_id, const std::string& title, const std::string& artist,
                          const std::string& type) {
  return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<ZettaLite Version=\"0.0.0\"><LogEventCollection>"
         "<LogEvent Type=\"" + type + "\" StartTime=\"2026-09-14T19:00:00Z\" Status=\"CURRENT\" "
         "LastStarted=\"true\" ZettaId=\"" + std::to_string(zetta_id) + "\">"
         "<Asset Type=\"" + type + "\" Title=\"" + title + "\" Artist1=\"" + artist +
         "\" Album1=\"Album\" TotalLength=\"180.5\" ZettaId=\"9" + std::to_string(zetta_id) + "\"/>"
         "</LogEvent><LogEvent Type=\"SONG\" Status=\"PENDING\" ZettaId=\"" + std::to_string(zetta_id + 1) +
         "\"><Asset Type=\"SONG\" Title=\"Up Next\" Artist1=\"Later Band\" TotalLength=\"60\"/></LogEvent>"
         "</LogEventCollection></ZettaLite>\n";
}
Poco::JSON::Object::Ptr jsonObject(const std::string& text) {
  Poco::JSON::Parser parser;
  return parser.parse(text).extract<Poco::JSON::Object::Ptr>();
}

int unusedPort() {
  Poco::Net::ServerSocket probe(Poco::Net::SocketAddress("127.0.0.1", 0));
  return probe.address().port();
}

}  // namespace airbridge::testing
