#include <airbridge/http_client.hpp>

#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPBasicCredentials.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/URI.h>
#include <fmt/format.h>

#include <memory>

namespace airbridge {
namespace {

Poco::Net::Context::Ptr clientContext() {
  // Certificates are verified against the system's CA store (Debian's ca-certificates).
  static const Poco::Net::Context::Ptr context = new Poco::Net::Context(
      Poco::Net::Context::TLS_CLIENT_USE, "", "", "", Poco::Net::Context::VERIFY_RELAXED, 9, true);
  return context;
}

}  // namespace

std::string percentEncode(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~';
    if (unreserved) {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

std::string urlForLog(const std::string& url) {
  try {
    Poco::URI uri(url);
    uri.setUserInfo("");
    std::string shown = uri.getScheme() + "://" + uri.getAuthority() + uri.getPath();
    if (!uri.getRawQuery().empty()) shown += "?...";
    return shown;
  } catch (const Poco::Exception&) {
    return "(an unreadable URL)";
  }
}

HttpClientResponse httpFetch(const HttpClientRequest& request, std::size_t max_body) {
  const std::string shown = urlForLog(request.url);
  try {
    const Poco::URI uri(request.url);
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    if (uri.getScheme() == "https") {
      session = std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(), clientContext());
    } else if (uri.getScheme() == "http") {
      session = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
    } else {
      throw HttpClientError(fmt::format("{}: only http:// and https:// URLs can be used", shown));
    }
    const Poco::Timespan timeout(static_cast<Poco::Timespan::TimeDiff>(request.timeout.count()) * 1000);
    session->setTimeout(timeout, timeout, timeout);
    session->setKeepAlive(false);

    Poco::Net::HTTPRequest out(request.method, uri.getPathEtc().empty() ? "/" : uri.getPathEtc(),
                               Poco::Net::HTTPMessage::HTTP_1_1);
    out.setHost(uri.getHost(), uri.getPort());
    out.set("User-Agent", "airbridge");
    for (const auto& [name, value] : request.headers) out.set(name, value);
    if (!request.user.empty()) {
      Poco::Net::HTTPBasicCredentials(request.user, request.password).authenticate(out);
    }
    if (!request.body.empty() || request.method == "POST" || request.method == "PUT") {
      out.setContentLength(static_cast<std::streamsize>(request.body.size()));
      if (!request.content_type.empty()) out.setContentType(request.content_type);
    }
    session->sendRequest(out) << request.body;

    Poco::Net::HTTPResponse answer;
    std::istream& in = session->receiveResponse(answer);
    HttpClientResponse response;
    response.status = static_cast<int>(answer.getStatus());
    response.reason = answer.getReason();
    char buffer[4096];
    while (response.body.size() < max_body && in) {
      in.read(buffer, static_cast<std::streamsize>(std::min(sizeof buffer, max_body - response.body.size())));
      response.body.append(buffer, static_cast<std::size_t>(in.gcount()));
    }
    return response;
  } catch (const HttpClientError&) {
    throw;
  } catch (const Poco::TimeoutException&) {
    throw HttpClientError(fmt::format("{}: no answer within {}", shown, formatDuration(request.timeout)));
  } catch (const Poco::Exception& e) {
    throw HttpClientError(fmt::format("{}: {}", shown, e.displayText()));
  } catch (const std::exception& e) {
    throw HttpClientError(fmt::format("{}: {}", shown, e.what()));
  }
}

}  // namespace airbridge
