// fanout-bench: N WebSocket clients against airbridge (protocol v1, events injected through the
// real Zetta port) and against reference-server (a minimal epoll broadcaster) in one invocation,
// so the two are compared on the same machine at the same moment. Prints delivery latency
// (p50/p99/max), delivery ratio, server CPU per delivered message and server memory per idle
// connection, then the airbridge/reference ratios.
//
//   fanout-bench --clients 10000 --events 20 --interval 250ms
//   fanout-bench --clients 2000 --stalled      # one client stops reading
//   fanout-bench --clients 10000 --sse         # airbridge's SSE streams against its WebSocket

#include <airbridge/config_section.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

struct Options {
  int clients = 1000;
  int events = 20;
  airbridge::Duration interval{250};
  bool stalled = false;
  bool sse = false;  // compare airbridge's /v1/events with its /ws instead of with the reference
  std::string only;  // "airbridge" or "reference"; empty: both
  std::filesystem::path binaries = "build";
  int loops = 2;
};

struct Result {
  std::string target;
  int clients = 0;
  long expected = 0;
  long delivered = 0;
  double p50 = 0, p99 = 0, max = 0;  // milliseconds
  double cpuMicrosPerMessage = 0;
  double rssBytesPerConnection = 0;
  double frameBytes = 0;
};

// ---- small helpers -------------------------------------------------------------------------

int freePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t length = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length);
  close(fd);
  return ntohs(addr.sin_port);
}

int connectBlocking(int port) {
  for (int attempt = 0; attempt < 200; ++attempt) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) return fd;
    close(fd);
    std::this_thread::sleep_for(50ms);
  }
  throw std::runtime_error(fmt::format("nothing listens on port {}", port));
}

void sendAll(int fd, const std::string& data) {
  std::size_t sent = 0;
  while (sent < data.size()) {
    const ssize_t n = send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) throw std::runtime_error("send failed");
    sent += static_cast<std::size_t>(n);
  }
}

pid_t spawn(const std::vector<std::string>& argv, const std::string& log) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<char*> args;
  for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  if (posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ) != 0) {
    throw std::runtime_error("cannot start " + argv[0]);
  }
  posix_spawn_file_actions_destroy(&actions);
  return pid;
}

/// utime + stime of a process, in microseconds.
double cpuMicros(pid_t pid) {
  std::ifstream in(fmt::format("/proc/{}/stat", pid));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::istringstream fields(text.substr(text.rfind(')') + 2));
  std::string field;
  long utime = 0, stime = 0;
  for (int i = 3; fields >> field; ++i) {
    if (i == 14) utime = std::stol(field);
    if (i == 15) {
      stime = std::stol(field);
      break;
    }
  }
  return static_cast<double>(utime + stime) * 1e6 / static_cast<double>(sysconf(_SC_CLK_TCK));
}

long rssBytes(pid_t pid) {
  std::ifstream in(fmt::format("/proc/{}/status", pid));
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("VmRSS:")) return std::stol(line.substr(6)) * 1024;
  }
  return 0;
}

std::string maskedText(const std::string& payload) {
  std::string frame = "\x81";
  frame += static_cast<char>(0x80 | payload.size());  // SUBSCRIBE is short
  frame += std::string(4, '\0');                     // a zero mask leaves the payload as is
  return frame + payload;
}

// ---- the client side -------------------------------------------------------------------------

enum class Stage { connecting, handshake, hello, ready };
enum class Protocol { raw_websocket, v1_websocket, sse };

struct Client {
  int fd = -1;
  Stage stage = Stage::connecting;
  std::string in;
  bool stalled = false;
  bool sse = false;  // compare airbridge's /v1/events with its /ws instead of with the reference
};

class ClientFleet {
 public:
  ClientFleet(int port, Protocol protocol, const Options& options)
      : port_(port), protocol_(protocol), options_(options) {
    epoll_ = epoll_create1(0);
    clients_.resize(static_cast<std::size_t>(options.clients));
  }
  ~ClientFleet() {
    for (auto& client : clients_) if (client.fd >= 0) close(client.fd);
    close(epoll_);
  }

  /// Opens every connection (at most 500 handshakes in flight) until all are ready.
  void connectAll() {
    std::size_t next = 0, ready = 0, inFlight = 0;
    const auto deadline = Clock::now() + 120s;
    while (ready < clients_.size()) {
      while (next < clients_.size() && inFlight < 500) {
        open(next++);
        ++inFlight;
      }
      if (Clock::now() > deadline) throw std::runtime_error(fmt::format("only {} of {} clients ready", ready, clients_.size()));
      pump(50ms, [&](Client& client) {
        if (client.stage == Stage::ready) {
          ++ready;
          --inFlight;
        }
      });
    }
  }

  /// Reads whatever arrives for `duration`, recording when each client sees event k.
  void collect(Clock::duration duration) { pump(duration, nullptr); }

  void expectEvent(int k, Clock::time_point sent) {
    if (static_cast<std::size_t>(k) >= sentAt_.size()) sentAt_.resize(static_cast<std::size_t>(k) + 1);
    sentAt_[static_cast<std::size_t>(k)] = sent;
  }

  std::vector<double> latencies;  // milliseconds, one per delivery
  long frameBytes = 0;

 private:
  void open(std::size_t index) {
    Client& client = clients_[index];
    client.fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    // Spread over 50 source addresses so no source runs out of ephemeral ports.
    sockaddr_in source{};
    source.sin_family = AF_INET;
    source.sin_addr.s_addr = htonl(0x7F000002 + static_cast<std::uint32_t>(index % 50));
    bind(client.fd, reinterpret_cast<sockaddr*>(&source), sizeof source);
    if (options_.stalled && index == 0) {
      const int small = 4096;
      setsockopt(client.fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
      client.stalled = true;
    }
    sockaddr_in target{};
    target.sin_family = AF_INET;
    target.sin_port = htons(static_cast<std::uint16_t>(port_));
    target.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connect(client.fd, reinterpret_cast<sockaddr*>(&target), sizeof target);
    epoll_event event{};
    event.events = EPOLLIN | EPOLLOUT;
    event.data.u64 = index;
    epoll_ctl(epoll_, EPOLL_CTL_ADD, client.fd, &event);
  }

  template <typename OnReady>
  void pump(Clock::duration duration, OnReady onReady) {
    const auto until = Clock::now() + duration;
    std::vector<epoll_event> events(2048);
    char buffer[65536];
    while (Clock::now() < until) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count();
      const int n = epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), static_cast<int>(std::max<long>(left, 0)));
      const auto now = Clock::now();
      for (int i = 0; i < n; ++i) {
        Client& client = clients_[events[i].data.u64];
        if (client.stage == Stage::connecting && (events[i].events & EPOLLOUT)) {
          sendAll(client.fd, protocol_ == Protocol::sse
                                 ? "GET /v1/events HTTP/1.1\r\nHost: bench\r\nAccept: text/event-stream\r\n\r\n"
                                 : "GET /ws HTTP/1.1\r\nHost: bench\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                   "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
          client.stage = Stage::handshake;
          epoll_event event{};
          event.events = EPOLLIN;
          event.data.u64 = events[i].data.u64;
          epoll_ctl(epoll_, EPOLL_CTL_MOD, client.fd, &event);
          continue;
        }
        if (!(events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR))) continue;
        const ssize_t got = recv(client.fd, buffer, sizeof buffer, MSG_DONTWAIT);
        if (got <= 0) continue;
        client.in.append(buffer, static_cast<std::size_t>(got));
        const Stage before = client.stage;
        consume(client, now);
        if (before != Stage::ready && client.stage == Stage::ready) {
          if constexpr (!std::is_same_v<OnReady, std::nullptr_t>) onReady(client);
          if (client.stalled) epoll_ctl(epoll_, EPOLL_CTL_DEL, client.fd, nullptr);  // stops reading
        }
      }
    }
  }

  void consume(Client& client, Clock::time_point now) {
    if (client.stage == Stage::handshake) {
      const auto end = client.in.find("\r\n\r\n");
      if (end == std::string::npos) return;
      const char* expected = protocol_ == Protocol::sse ? "HTTP/1.1 200" : "HTTP/1.1 101";
      if (client.in.compare(0, 12, expected) != 0) throw std::runtime_error("refused: " + client.in.substr(0, end));
      client.in.erase(0, end + 4);
      client.stage = protocol_ == Protocol::v1_websocket ? Stage::hello : Stage::ready;
    }
    if (protocol_ == Protocol::sse) {
      // Events are blocks of "field: value" lines ended by a blank line.
      for (auto end = client.in.find("\n\n"); end != std::string::npos; end = client.in.find("\n\n")) {
        record(std::string_view(client.in).substr(0, end), end + 2, now);
        client.in.erase(0, end + 2);
      }
      return;
    }
    while (client.in.size() >= 2) {
      std::size_t header = 2;
      std::size_t length = static_cast<std::uint8_t>(client.in[1]) & 0x7F;
      if (length == 126) {
        if (client.in.size() < 4) return;
        length = (static_cast<std::uint8_t>(client.in[2]) << 8) | static_cast<std::uint8_t>(client.in[3]);
        header = 4;
      }
      if (client.in.size() < header + length) return;
      const std::string_view payload(client.in.data() + header, length);
      if (client.stage == Stage::hello) {
        if (payload.find("READY") != std::string_view::npos) {
          client.stage = Stage::ready;
        } else if (payload.find(R"("op":1)") != std::string_view::npos) {
          sendAll(client.fd, maskedText(R"({"op":2,"d":{"topics":["now_playing"]}})"));
        }
      } else if (client.stage == Stage::ready) {
        record(payload, header + length, now);
      }
      client.in.erase(0, header + length);
    }
  }

  /// One delivered event: its latency from the "bench-K" marker in its text.
  void record(std::string_view text, std::size_t bytes, Clock::time_point now) {
    const auto at = text.find("bench-");
    if (at == std::string_view::npos) return;
    const int k = std::atoi(text.data() + at + 6);
    if (k < 0 || static_cast<std::size_t>(k) >= sentAt_.size()) return;
    latencies.push_back(std::chrono::duration<double, std::milli>(now - sentAt_[static_cast<std::size_t>(k)]).count());
    frameBytes += static_cast<long>(bytes);
  }

  int port_;
  Protocol protocol_;
  const Options& options_;
  int epoll_;
  std::vector<Client> clients_;
  std::vector<Clock::time_point> sentAt_;
};

// ---- one run against one server --------------------------------------------------------------

std::string zettaDocument(int k, int padding) {
  return fmt::format("<?xml version=\"1.0\" encoding=\"utf-8\"?><ZettaLite><LogEventCollection>"
                     "<LogEvent Type=\"SONG\" StartTime=\"2026-09-14T19:00:00Z\" Status=\"CURRENT\" ZettaId=\"{}\">"
                     "<Asset Type=\"SONG\" Title=\"bench-{} {}\" Artist1=\"The Benchmarks\" Album1=\"Fan-out\" "
                     "TotalLength=\"200\" ZettaId=\"{}\" Category=\"ROT\"/></LogEvent></LogEventCollection></ZettaLite>\n",
                     700000 + k, k, std::string(static_cast<std::size_t>(padding), 'x'), 800000 + k);
}

Result measure(const std::string& target, Protocol protocol, pid_t server, int wsPort,
               const Options& options, const std::function<void(int)>& inject) {
  Result result;
  result.target = target;
  result.clients = options.clients;
  std::this_thread::sleep_for(500ms);
  const long rssBefore = rssBytes(server);
  ClientFleet fleet(wsPort, protocol, options);
  fleet.connectAll();
  std::this_thread::sleep_for(1s);
  result.rssBytesPerConnection = static_cast<double>(rssBytes(server) - rssBefore) / options.clients;
  const int receivers = options.clients - (options.stalled ? 1 : 0);
  result.expected = static_cast<long>(receivers) * options.events;
  const double cpuBefore = cpuMicros(server);
  for (int k = 0; k < options.events; ++k) {
    fleet.expectEvent(k, Clock::now());
    inject(k);
    fleet.collect(options.interval);
  }
  const auto settle = Clock::now() + 10s;
  while (static_cast<long>(fleet.latencies.size()) < result.expected && Clock::now() < settle) fleet.collect(100ms);
  const double cpuAfter = cpuMicros(server);
  result.delivered = static_cast<long>(fleet.latencies.size());
  auto& all = fleet.latencies;
  std::sort(all.begin(), all.end());
  if (!all.empty()) {
    result.p50 = all[all.size() / 2];
    result.p99 = all[std::min(all.size() - 1, all.size() * 99 / 100)];
    result.max = all.back();
    result.frameBytes = static_cast<double>(fleet.frameBytes) / static_cast<double>(all.size());
  }
  result.cpuMicrosPerMessage = result.delivered ? (cpuAfter - cpuBefore) / static_cast<double>(result.delivered) : 0;
  return result;
}

void stopServer(pid_t pid) {
  kill(pid, SIGTERM);
  for (int i = 0; i < 100; ++i) {
    if (waitpid(pid, nullptr, WNOHANG) == pid) return;
    std::this_thread::sleep_for(50ms);
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
}

// Payload padding so both servers send frames of about the same size (airbridge's dispatch
// carries the whole normalized event).
constexpr int kTitlePadding = 16;

Result runAirbridge(const Options& options, Protocol protocol) {
  const int zettaPort = freePort(), wsPort = freePort();
  const auto dir = std::filesystem::temp_directory_path() / fmt::format("fanout-bench-{}", getpid());
  std::filesystem::create_directories(dir);
  const auto config = dir / "airbridge.yaml";
  std::ofstream(config) << fmt::format(
      "node: {{id: bench}}\nlog: {{level: warning}}\nplugins: {{directory: {}}}\nstorage: {{enabled: false}}\n"
      "sources:\n  - plugin: zetta\n    listen: 127.0.0.1:{}\n"
      "sinks:\n  - plugin: websocket\n    listen: 127.0.0.1:{}\n    heartbeat_interval: 10m\n"
      "    max_connections: 100000\n    event_loops: {}\n"
      "  - plugin: http\n    listen: 127.0.0.1:{}\n    sse_max_connections: 100000\n",
      (options.binaries / "plugins").string(), zettaPort, wsPort, options.loops, wsPort);
  const pid_t pid = spawn({(options.binaries / "airbridge").string(), "--config", config.string()},
                          (dir / "airbridge.log").string());
  const int zetta = connectBlocking(zettaPort);
  close(connectBlocking(wsPort));  // listening: the clients can come
  Result result = measure(protocol == Protocol::sse ? "air-sse" : "airbridge", protocol, pid, wsPort,
                          options, [&](int k) { sendAll(zetta, zettaDocument(k, kTitlePadding)); });
  close(zetta);
  stopServer(pid);
  std::filesystem::remove_all(dir);
  return result;
}

Result runReference(const Options& options) {
  const int wsPort = freePort(), controlPort = freePort();
  const pid_t pid = spawn({(options.binaries / "bench" / "reference-server").string(), "--listen",
                           fmt::format("127.0.0.1:{}", wsPort), "--control",
                           fmt::format("127.0.0.1:{}", controlPort)},
                          "/dev/null");
  const int control = connectBlocking(controlPort);
  // The same bytes airbridge would send for this event, built here once per event.
  Result result = measure("reference", Protocol::raw_websocket, pid, wsPort, options, [&](int k) {
    const std::string payload = fmt::format(
        R"({{"op":0,"t":"TRACK_CHANGED","s":{},"d":{{"id":"zetta:zetta:{}","kind":"song","type":"SONG",)"
        R"("title":"bench-{} {}","artist":"The Benchmarks","album":"Fan-out","category":"ROT",)"
        R"("duration_ms":200000,"started_at":"2026-09-14T19:00:00Z","scheduled_at":null,"source":"zetta",)"
        R"("external_ids":{{"zetta_asset":"{}"}},"assets":[{{"id":"{}","title":"bench-{} {}","artist":)"
        R"("The Benchmarks","album":"Fan-out","category":"ROT","duration_ms":200000}}],"next":[]}}}})",
        k + 1, 700000 + k, k, std::string(kTitlePadding, 'x'), 800000 + k, 800000 + k, k,
        std::string(kTitlePadding, 'x'));
    sendAll(control, payload + "\n");
  });
  close(control);
  stopServer(pid);
  return result;
}

void print(const Result& r) {
  std::cout << fmt::format("{:<10} {:>7} {:>10} {:>8.2f}% {:>8.2f} {:>8.2f} {:>8.2f} {:>10.2f} {:>10.0f} {:>7.0f}\n",
                           r.target, r.clients, r.delivered,
                           r.expected ? 100.0 * static_cast<double>(r.delivered) / static_cast<double>(r.expected) : 0.0,
                           r.p50, r.p99, r.max, r.cpuMicrosPerMessage, r.rssBytesPerConnection, r.frameBytes);
}

}  // namespace

int main(int argc, char** argv) {
  signal(SIGPIPE, SIG_IGN);
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&] { return std::string(i + 1 < argc ? argv[++i] : ""); };
    if (arg == "--clients") options.clients = std::stoi(value());
    else if (arg == "--events") options.events = std::stoi(value());
    else if (arg == "--interval") airbridge::parseDuration(value(), options.interval);
    else if (arg == "--stalled") options.stalled = true;
    else if (arg == "--sse") options.sse = true;
    else if (arg == "--only") options.only = value();
    else if (arg == "--build") options.binaries = value();
    else if (arg == "--loops") options.loops = std::stoi(value());
    else {
      std::cerr << "usage: fanout-bench [--clients N] [--events N] [--interval 250ms] [--stalled] "
                   "[--sse] [--only airbridge|reference] [--build DIR] [--loops N]\n";
      return 2;
    }
  }
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  limit.rlim_cur = limit.rlim_max;  // children (the servers) inherit it
  setrlimit(RLIMIT_NOFILE, &limit);
  if (options.clients + 100 > static_cast<int>(limit.rlim_cur)) {
    std::cerr << fmt::format("fanout-bench: {} clients need more than the {} open files allowed\n",
                             options.clients, limit.rlim_cur);
    return 2;
  }
  std::cout << fmt::format("{:<10} {:>7} {:>10} {:>9} {:>8} {:>8} {:>8} {:>10} {:>10} {:>7}\n", "server",
                           "clients", "delivered", "ratio", "p50_ms", "p99_ms", "max_ms", "cpu_us/msg",
                           "rss_B/conn", "frame_B");
  std::optional<Result> reference, airbridgeResult;
  try {
    if (options.sse) {
      // The same server, the same events: SSE streams against WebSocket clients.
      print(*(reference = runAirbridge(options, Protocol::v1_websocket)));
      print(*(airbridgeResult = runAirbridge(options, Protocol::sse)));
      std::cout << fmt::format("sse/websocket: p99 x{:.2f}, cpu/msg x{:.2f}, rss/conn x{:.2f}\n",
                               airbridgeResult->p99 / std::max(reference->p99, 0.001),
                               airbridgeResult->cpuMicrosPerMessage / std::max(reference->cpuMicrosPerMessage, 0.001),
                               airbridgeResult->rssBytesPerConnection / std::max(reference->rssBytesPerConnection, 1.0));
      return 0;
    }
    if (options.only != "airbridge") print(*(reference = runReference(options)));
    if (options.only != "reference") print(*(airbridgeResult = runAirbridge(options, Protocol::v1_websocket)));
  } catch (const std::exception& e) {
    std::cerr << "fanout-bench: " << e.what() << "\n";
    return 1;
  }
  if (reference && airbridgeResult) {
    std::cout << fmt::format("airbridge/reference: p99 x{:.2f}, cpu/msg x{:.2f}\n",
                             airbridgeResult->p99 / std::max(reference->p99, 0.001),
                             airbridgeResult->cpuMicrosPerMessage / std::max(reference->cpuMicrosPerMessage, 0.001));
  }
  return 0;
}
