// handshake-bench: N WebSocket clients connecting at once (as after a restart), against airbridge
// (/ws, protocol v1: the host's front door, then the websocket sink's loops) and against nginx +
// nchan (a websocket subscriber location), alternating in one invocation. Prints the server CPU
// (user + system, every process of the server) per completed handshake, the wall time until all
// are connected, the medians, and airbridge/nchan.
//
//   handshake-bench --clients 10000 --runs 3
//
// nginx and nchan come from Debian (nginx-light, libnginx-mod-nchan): bench/peers.sh installs them.

#include "bench_support.hpp"
#include "client_fleet.hpp"

#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace bench;

struct Options {
  int clients = 10000;
  int runs = 3;
  std::filesystem::path binaries = "build";
};

struct Result {
  double cpuMicrosPerHandshake = 0;
  double seconds = 0;
};

/// The server's processes: the one started and its children (nginx's workers).
std::vector<pid_t> processTree(pid_t root) {
  std::vector<pid_t> tree{root};
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream in(entry.path() / "stat");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto close = text.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream fields(text.substr(close + 2));
    std::string state;
    pid_t parent = 0;
    fields >> state >> parent;
    if (parent == root) tree.push_back(static_cast<pid_t>(std::stol(name)));
  }
  return tree;
}

double treeCpuMicros(const std::vector<pid_t>& tree) {
  double total = 0;
  for (pid_t pid : tree) total += cpuMicros(pid);
  return total;
}

Result measure(pid_t server, int port, int clients) {
  std::this_thread::sleep_for(300ms);  // let the server settle after start
  const auto tree = processTree(server);
  const double before = treeCpuMicros(tree);
  const auto started = Clock::now();
  Result result;
  {
    ClientFleet fleet(port, Protocol::raw_websocket, clients);
    fleet.connectAll();
    result.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    result.cpuMicrosPerHandshake = (treeCpuMicros(tree) - before) / clients;
  }
  return result;
}

/// Writes a server's config into a fresh directory, starts the server, measures it, stops it.
Result runServer(const std::string& name, const std::string& config_name, int clients,
                 const std::function<std::string(const std::filesystem::path& dir, int port)>& config_text,
                 const std::function<std::vector<std::string>(const std::filesystem::path& config)>& argv) {
  const int port = freePort();
  const auto dir = std::filesystem::temp_directory_path() / fmt::format("handshake-bench-{}-{}", name, getpid());
  std::filesystem::create_directories(dir);
  const auto config = dir / config_name;
  std::ofstream(config) << config_text(dir, port);
  const pid_t pid = spawn(argv(config), (dir / (name + ".log")).string());
  close(connectBlocking(port));
  const Result result = measure(pid, port, clients);
  stopServer(pid);
  std::filesystem::remove_all(dir);
  return result;
}

Result runAirbridge(const Options& options) {
  return runServer(
      "airbridge", "airbridge.yaml", options.clients,
      [&](const std::filesystem::path&, int port) {
        return fmt::format(
            "node: {{id: bench}}\nlog: {{level: warning}}\nplugins: {{directory: {}}}\nstorage: {{enabled: false}}\n"
            "http: {{max_connections_per_address: 0}}\n"  // every client comes from loopback
            "sinks:\n  - plugin: websocket\n    listen: 127.0.0.1:{}\n    heartbeat_interval: 10m\n"
            "    max_connections: 100000\n",
            (options.binaries / "plugins").string(), port);
      },
      [&](const std::filesystem::path& config) {
        return std::vector<std::string>{(options.binaries / "airbridge").string(), "--config", config.string()};
      });
}

Result runNchan(const Options& options) {
  return runServer(
      "nginx", "nginx.conf", options.clients,
      [](const std::filesystem::path& dir, int port) {
        return fmt::format(
            "load_module /usr/lib/nginx/modules/ngx_nchan_module.so;\n"
            "worker_processes auto;\nworker_rlimit_nofile 19500;\npid {0}/nginx.pid;\nerror_log {0}/error.log;\n"
            "events {{ worker_connections 19000; }}\n"
            "http {{\n  access_log off;\n  client_body_temp_path {0}; proxy_temp_path {0}; fastcgi_temp_path {0};\n"
            "  uwsgi_temp_path {0}; scgi_temp_path {0};\n"
            "  server {{\n    listen 127.0.0.1:{1} backlog=4096;\n"
            "    location = /ws {{ nchan_subscriber websocket; nchan_channel_id bench; }}\n"
            "    location = /pub {{ nchan_publisher; nchan_channel_id bench; }}\n  }}\n}}\n",
            dir.string(), port);
      },
      [](const std::filesystem::path& config) {
        return std::vector<std::string>{"/usr/sbin/nginx", "-c", config.string(), "-g", "daemon off;"};
      });
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
    if (arg == "--clients") options.clients = std::stoi(value());
    else if (arg == "--runs") options.runs = std::stoi(value());
    else if (arg == "--binaries") options.binaries = value();
    else {
      std::cerr << "usage: handshake-bench [--clients N] [--runs N] [--binaries DIR]\n";
      return 2;
    }
  }
  if (!std::filesystem::exists("/usr/lib/nginx/modules/ngx_nchan_module.so")) {
    std::cerr << "handshake-bench: needs nginx and nchan: run bench/peers.sh (Debian's nginx-light and "
                 "libnginx-mod-nchan)\n";
    return 2;
  }
  raiseFileLimit();
  fmt::print("handshake-bench: {} WebSocket clients connecting at once (500 in flight), {} runs alternating\n",
             options.clients, options.runs);
  std::vector<double> ours, theirs;
  for (int run = 1; run <= options.runs; ++run) {
    const Result a = runAirbridge(options);
    const Result n = runNchan(options);
    ours.push_back(a.cpuMicrosPerHandshake);
    theirs.push_back(n.cpuMicrosPerHandshake);
    fmt::print("run {}: airbridge {:6.1f} µs CPU/handshake ({:.2f} s)   nginx+nchan {:6.1f} µs ({:.2f} s)   ratio {:.2f}\n",
               run, a.cpuMicrosPerHandshake, a.seconds, n.cpuMicrosPerHandshake, n.seconds,
               a.cpuMicrosPerHandshake / n.cpuMicrosPerHandshake);
  }
  const double a = median(ours), n = median(theirs);
  fmt::print("median: airbridge {:6.1f} µs   nginx+nchan {:6.1f} µs   airbridge/nchan {:.2f}\n", a, n, a / n);
  return 0;
}
