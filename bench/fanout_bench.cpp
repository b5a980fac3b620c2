// fanout-bench: N WebSocket clients against airbridge (protocol v1, events injected through the
// real Zetta port) and against reference-server (a minimal epoll broadcaster) in one invocation,
// so the two are compared on the same machine at the same moment. Prints delivery latency
// (p50/p99/max), delivery ratio, server CPU per delivered message and server memory per idle
// connection, then the airbridge/reference ratios.
//
//   fanout-bench --clients 10000 --events 20 --interval 250ms
//   fanout-bench --clients 2000 --stalled      # one client stops reading
//   fanout-bench --clients 10000 --sse         # airbridge's SSE streams against its WebSocket

#include "bench_support.hpp"
#include "client_fleet.hpp"

#include <airbridge/config_section.hpp>

#include <fmt/format.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <optional>
#include <string>
#include <thread>

namespace {

using namespace bench;

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

// ---- one run against one server --------------------------------------------------------------

Result measure(const std::string& target, Protocol protocol, pid_t server, int wsPort,
               const Options& options, const std::function<void(int)>& inject) {
  Result result;
  result.target = target;
  result.clients = options.clients;
  std::this_thread::sleep_for(500ms);
  const long rssBefore = rssBytes(server);
  ClientFleet fleet(wsPort, protocol, options.clients, options.stalled);
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
      "http: {{max_connections_per_address: 0}}\n"  // every client comes from loopback
      "sources:\n  - plugin: zetta\n    listen: 127.0.0.1:{}\n"
      "sinks:\n  - plugin: websocket\n    listen: 127.0.0.1:{}\n    heartbeat_interval: 10m\n"
      "    max_connections: 100000\n    event_loops: {}\n"
      "  - plugin: http\n    listen: 127.0.0.1:{}\n    sse_max_connections: 100000\n    event_loops: {}\n",
      (options.binaries / "plugins").string(), zettaPort, wsPort, options.loops, wsPort, options.loops);
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
  const long allowed = raiseFileLimit();  // the servers inherit it
  if (options.clients + 100 > allowed) {
    std::cerr << fmt::format("fanout-bench: {} clients need more than the {} open files allowed\n",
                             options.clients, allowed);
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
