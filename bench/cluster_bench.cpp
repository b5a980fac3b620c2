// cluster-bench: fan-out across several airbridge nodes joined by the redis plugin. Starts a
// redis-server, N nodes (node 0 owns the Zetta link) and, per node, one client process holding
// that node's WebSocket clients (one process here may hold only ~19,900 sockets, so the clients
// cannot share one). Events go into node 0's Zetta port on a fixed schedule every client process
// knows, so each measures its own delivery latency on the shared monotonic clock. Prints, per
// node and in total: delivery ratio, latency p50/p99/max, node CPU per delivered message and
// node memory per connection, then how much the Redis hop adds (other nodes / node 0).
//
//   cluster-bench --nodes 5 --clients 19000 --events 10 --interval 2s

#include "bench_support.hpp"
#include "client_fleet.hpp"

#include <airbridge/config_section.hpp>

#include <fmt/format.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace bench;

struct Options {
  int nodes = 3;
  int clients = 1000;  // per node
  int events = 10;
  airbridge::Duration interval{1000};
  std::filesystem::path binaries = "build";
  std::string redis = "/usr/bin/redis-server";
  int loops = 2;
};

struct Node {
  pid_t pid = -1;
  int wsPort = 0;
  int zettaPort = 0;  // node 0 only
  pid_t clientsPid = -1;
  int toClients = -1;    // the start time goes down this pipe
  int fromClients = -1;  // "ready", then the latencies come up this one
  double cpuBefore = 0;
  long rssBefore = 0;
  long rssAfterConnect = 0;
  std::vector<double> latencies;
};

void writeAll(int fd, const void* data, std::size_t size) {
  const char* bytes = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t n = write(fd, bytes, size);
    if (n <= 0) throw std::runtime_error("pipe write failed");
    bytes += n;
    size -= static_cast<std::size_t>(n);
  }
}

void readAll(int fd, void* data, std::size_t size) {
  char* bytes = static_cast<char*>(data);
  while (size > 0) {
    const ssize_t n = read(fd, bytes, size);
    if (n <= 0) throw std::runtime_error("a client process ended early (see its stderr)");
    bytes += n;
    size -= static_cast<std::size_t>(n);
  }
}

/// In the forked client process: connect every client, say ready, learn when event 0 goes out,
/// collect until every event arrived everywhere (or ten seconds after the last), send latencies.
[[noreturn]] void runClients(int port, const Options& options, int toParent, int fromParent) {
  try {
    ClientFleet fleet(port, Protocol::v1_websocket, options.clients);
    fleet.connectAll();
    writeAll(toParent, "R", 1);
    std::int64_t startNanos = 0;
    readAll(fromParent, &startNanos, sizeof startNanos);
    const Clock::time_point start{std::chrono::nanoseconds{startNanos}};
    for (int k = 0; k < options.events; ++k) fleet.expectEvent(k, start + k * options.interval);
    const auto expected = static_cast<std::size_t>(options.clients) * static_cast<std::size_t>(options.events);
    const auto deadline = start + options.events * options.interval + 10s;
    while (fleet.latencies.size() < expected && Clock::now() < deadline) fleet.collect(100ms);
    const std::uint64_t count = fleet.latencies.size();
    writeAll(toParent, &count, sizeof count);
    writeAll(toParent, fleet.latencies.data(), count * sizeof(double));
    _exit(0);
  } catch (const std::exception& e) {
    std::cerr << "cluster-bench clients on port " << port << ": " << e.what() << "\n";
    _exit(1);
  }
}

void forkClients(Node& node, const Options& options) {
  int up[2], down[2];
  if (pipe(up) != 0 || pipe(down) != 0) throw std::runtime_error("pipe failed");
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    close(up[0]);
    close(down[1]);
    runClients(node.wsPort, options, up[1], down[0]);
  }
  close(up[1]);
  close(down[0]);
  node.clientsPid = pid;
  node.fromClients = up[0];
  node.toClients = down[1];
}

std::string nodeConfig(const Options& options, int index, int redisPort, const Node& node) {
  std::string config = fmt::format(
      "node: {{id: bench-{}}}\nlog: {{level: warning}}\nplugins: {{directory: {}}}\n"
      "storage: {{enabled: false}}\nhttp: {{max_connections_per_address: 0}}\n",
      index, (options.binaries / "plugins").string());
  if (node.zettaPort != 0) {
    config += fmt::format("sources:\n  - plugin: zetta\n    listen: 127.0.0.1:{}\n", node.zettaPort);
  }
  config += fmt::format(
      "sinks:\n  - plugin: websocket\n    listen: 127.0.0.1:{}\n    heartbeat_interval: 10m\n"
      "    max_connections: 100000\n    event_loops: {}\n"
      "  - plugin: redis\n    address: 127.0.0.1:{}\n    key: bench\n",
      node.wsPort, options.loops, redisPort);
  return config;
}

struct Summary {
  double p50 = 0, p99 = 0, max = 0;
};

Summary summarize(std::vector<double> values) {
  if (values.empty()) return {};
  std::sort(values.begin(), values.end());
  return {values[values.size() / 2], values[std::min(values.size() - 1, values.size() * 99 / 100)], values.back()};
}

void printRow(const std::string& name, long clients, long delivered, long expected, const Summary& s,
              double cpuPerMessage, double rssPerConnection) {
  std::cout << fmt::format("{:<12} {:>7} {:>10} {:>8.2f}% {:>8.2f} {:>8.2f} {:>8.2f} {:>10.2f} {:>10.0f}\n",
                           name, clients, delivered,
                           expected ? 100.0 * static_cast<double>(delivered) / static_cast<double>(expected) : 0.0,
                           s.p50, s.p99, s.max, cpuPerMessage, rssPerConnection);
}

int run(const Options& options) {
  const auto dir = std::filesystem::temp_directory_path() / fmt::format("cluster-bench-{}", getpid());
  std::filesystem::create_directories(dir);
  const int redisPort = freePort();
  const pid_t redis = spawn({options.redis, "--port", std::to_string(redisPort), "--bind", "127.0.0.1",
                             "--save", "", "--appendonly", "no", "--dir", dir.string(),
                             "--logfile", (dir / "redis.log").string()},
                            (dir / "redis.log").string());
  close(connectBlocking(redisPort));

  std::vector<Node> nodes(static_cast<std::size_t>(options.nodes));
  for (int i = 0; i < options.nodes; ++i) {
    Node& node = nodes[static_cast<std::size_t>(i)];
    node.wsPort = freePort();
    if (i == 0) node.zettaPort = freePort();
    const auto config = dir / fmt::format("node-{}.yaml", i);
    std::ofstream(config) << nodeConfig(options, i, redisPort, node);
    node.pid = spawn({(options.binaries / "airbridge").string(), "--config", config.string()},
                     (dir / fmt::format("node-{}.log", i)).string());
  }
  for (auto& node : nodes) {
    close(connectBlocking(node.wsPort));
    std::this_thread::sleep_for(200ms);
    node.rssBefore = rssBytes(node.pid);
  }
  const int zetta = connectBlocking(nodes[0].zettaPort);

  for (auto& node : nodes) forkClients(node, options);
  for (auto& node : nodes) {
    char ready = 0;
    readAll(node.fromClients, &ready, 1);
  }
  std::this_thread::sleep_for(1s);
  for (auto& node : nodes) {
    node.rssAfterConnect = rssBytes(node.pid);
    node.cpuBefore = cpuMicros(node.pid);
  }
  const double redisCpuBefore = cpuMicros(redis);

  const auto start = Clock::now() + 500ms;
  const std::int64_t startNanos = std::chrono::duration_cast<std::chrono::nanoseconds>(start.time_since_epoch()).count();
  for (auto& node : nodes) writeAll(node.toClients, &startNanos, sizeof startNanos);
  for (int k = 0; k < options.events; ++k) {
    std::this_thread::sleep_until(start + k * options.interval);
    sendAll(zetta, zettaDocument(k, 16));
  }
  for (auto& node : nodes) {
    std::uint64_t count = 0;
    readAll(node.fromClients, &count, sizeof count);
    node.latencies.resize(count);
    readAll(node.fromClients, node.latencies.data(), count * sizeof(double));
    waitpid(node.clientsPid, nullptr, 0);
  }
  const double redisCpu = cpuMicros(redis) - redisCpuBefore;

  std::cout << fmt::format("{:<12} {:>7} {:>10} {:>9} {:>8} {:>8} {:>8} {:>10} {:>10}\n", "node", "clients",
                           "delivered", "ratio", "p50_ms", "p99_ms", "max_ms", "cpu_us/msg", "rss_B/conn");
  const long expectedPerNode = static_cast<long>(options.clients) * options.events;
  std::vector<double> all, others;
  double nodesCpu = 0;
  for (int i = 0; i < options.nodes; ++i) {
    Node& node = nodes[static_cast<std::size_t>(i)];
    const double cpu = cpuMicros(node.pid) - node.cpuBefore;
    nodesCpu += cpu;
    const auto delivered = static_cast<long>(node.latencies.size());
    printRow(fmt::format("{}{}", i, i == 0 ? " (zetta)" : " (redis)"), options.clients, delivered, expectedPerNode,
             summarize(node.latencies), delivered ? cpu / static_cast<double>(delivered) : 0.0,
             static_cast<double>(node.rssAfterConnect - node.rssBefore) / options.clients);
    all.insert(all.end(), node.latencies.begin(), node.latencies.end());
    if (i > 0) others.insert(others.end(), node.latencies.begin(), node.latencies.end());
  }
  const auto total = static_cast<long>(all.size());
  printRow("all", static_cast<long>(options.clients) * options.nodes, total, expectedPerNode * options.nodes,
           summarize(all), total ? nodesCpu / static_cast<double>(total) : 0.0, 0.0);
  const Summary origin = summarize(nodes[0].latencies), relayed = summarize(others);
  // Clock-tick resolution (10 ms): over a short run this is mostly redis-server's own timers.
  std::cout << fmt::format("redis-server cpu: {:.0f} ms in the run; relayed/origin: p50 x{:.2f}, p99 x{:.2f}\n",
                           redisCpu / 1000.0, relayed.p50 / std::max(origin.p50, 0.001),
                           relayed.p99 / std::max(origin.p99, 0.001));

  close(zetta);
  for (auto& node : nodes) {
    close(node.toClients);
    close(node.fromClients);
    stopServer(node.pid);
  }
  stopServer(redis);
  std::filesystem::remove_all(dir);
  return total == expectedPerNode * options.nodes ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  signal(SIGPIPE, SIG_IGN);
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&] { return std::string(i + 1 < argc ? argv[++i] : ""); };
    if (arg == "--nodes") options.nodes = std::stoi(value());
    else if (arg == "--clients") options.clients = std::stoi(value());
    else if (arg == "--events") options.events = std::stoi(value());
    else if (arg == "--interval") airbridge::parseDuration(value(), options.interval);
    else if (arg == "--build") options.binaries = value();
    else if (arg == "--redis-server") options.redis = value();
    else if (arg == "--loops") options.loops = std::stoi(value());
    else {
      std::cerr << "usage: cluster-bench [--nodes N] [--clients N per node] [--events N] [--interval 1s] "
                   "[--build DIR] [--redis-server PATH] [--loops N]\n";
      return 2;
    }
  }
  if (options.nodes < 1) {
    std::cerr << "cluster-bench: --nodes must be at least 1\n";
    return 2;
  }
  const long allowed = raiseFileLimit();  // the nodes and client processes inherit it
  if (options.clients + 100 > allowed) {
    std::cerr << fmt::format("cluster-bench: {} clients per node need more than the {} open files allowed\n",
                             options.clients, allowed);
    return 2;
  }
  try {
    return run(options);
  } catch (const std::exception& e) {
    std::cerr << "cluster-bench: " << e.what() << "\n";
    return 1;
  }
}
