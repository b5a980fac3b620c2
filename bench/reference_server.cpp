// reference-server: the yardstick the fan-out benchmark compares airbridge with. The least a
// WebSocket broadcaster can do: an epoll loop that answers handshakes, discards what clients
// send, and writes one pre-encoded frame to every socket per broadcast (no queues, no protocol).
//
//   reference-server --listen 127.0.0.1:9001 --control 127.0.0.1:9002
//
// Each line received on the control connection is broadcast as one text frame.

#include <Poco/Base64Encoder.h>
#include <Poco/SHA1Engine.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <sstream>
#include <string>
#include <unordered_map>
#include <algorithm>
#include <vector>

namespace {

int listenOn(const std::string& address) {
  const auto colon = address.rfind(':');
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(std::stoi(address.substr(colon + 1))));
  inet_pton(AF_INET, address.substr(0, colon).c_str(), &addr.sin_addr);
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  const int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(fd, 4096) != 0) {
    std::perror(address.c_str());
    std::exit(1);
  }
  return fd;
}

std::string acceptKey(const std::string& key) {
  Poco::SHA1Engine sha1;
  sha1.update(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11");
  const auto& digest = sha1.digest();
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder.write(reinterpret_cast<const char*>(digest.data()), static_cast<std::streamsize>(digest.size()));
  encoder.close();
  return out.str();
}

std::string textFrame(const std::string& payload) {
  std::string frame = "\x81";
  if (payload.size() < 126) {
    frame += static_cast<char>(payload.size());
  } else {
    frame += static_cast<char>(126);
    frame += static_cast<char>(payload.size() >> 8);
    frame += static_cast<char>(payload.size() & 0xFF);
  }
  return frame + payload;
}

}  // namespace

int main(int argc, char** argv) {
  std::string listenAddress = "127.0.0.1:9001", controlAddress = "127.0.0.1:9002";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::string(argv[i]) == "--listen") listenAddress = argv[i + 1];
    if (std::string(argv[i]) == "--control") controlAddress = argv[i + 1];
  }
  const int listener = listenOn(listenAddress);
  const int controlListener = listenOn(controlAddress);
  const int epoll = epoll_create1(0);
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.fd = listener;
  epoll_ctl(epoll, EPOLL_CTL_ADD, listener, &event);
  event.data.fd = controlListener;
  epoll_ctl(epoll, EPOLL_CTL_ADD, controlListener, &event);

  std::unordered_map<int, std::string> handshaking;  // fd -> request so far
  std::vector<int> clients;
  int control = -1;
  std::string controlBuffer;
  std::vector<epoll_event> events(1024);
  char buffer[16384];
  std::fprintf(stderr, "reference-server ready\n");
  while (true) {
    const int n = epoll_wait(epoll, events.data(), static_cast<int>(events.size()), -1);
    for (int i = 0; i < n; ++i) {
      const int fd = events[i].data.fd;
      if (fd == listener || fd == controlListener) {
        while (true) {
          const int accepted = accept4(fd, nullptr, nullptr, SOCK_NONBLOCK);
          if (accepted < 0) break;
          if (fd == controlListener) control = accepted;
          else handshaking[accepted];
          event.events = EPOLLIN;
          event.data.fd = accepted;
          epoll_ctl(epoll, EPOLL_CTL_ADD, accepted, &event);
        }
        continue;
      }
      const ssize_t got = read(fd, buffer, sizeof buffer);
      if (got <= 0) {
        epoll_ctl(epoll, EPOLL_CTL_DEL, fd, nullptr);
        close(fd);
        handshaking.erase(fd);
        std::erase(clients, fd);  // the number may be reused by the next accept
        if (fd == control) return 0;
        continue;
      }
      if (fd == control) {
        controlBuffer.append(buffer, static_cast<std::size_t>(got));
        for (auto end = controlBuffer.find('\n'); end != std::string::npos; end = controlBuffer.find('\n')) {
          const std::string frame = textFrame(controlBuffer.substr(0, end));
          controlBuffer.erase(0, end + 1);
          for (int client : clients) send(client, frame.data(), frame.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
        }
        continue;
      }
      auto it = handshaking.find(fd);
      if (it == handshaking.end()) continue;  // an established client: discard what it sends
      it->second.append(buffer, static_cast<std::size_t>(got));
      if (it->second.find("\r\n\r\n") == std::string::npos) continue;
      const auto keyAt = it->second.find("Sec-WebSocket-Key: ");
      const std::string key = it->second.substr(keyAt + 19, it->second.find("\r\n", keyAt) - keyAt - 19);
      const std::string response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                                   "Connection: Upgrade\r\nSec-WebSocket-Accept: " + acceptKey(key) + "\r\n\r\n";
      send(fd, response.data(), response.size(), MSG_NOSIGNAL);
      handshaking.erase(it);
      clients.push_back(fd);
    }
  }
}
