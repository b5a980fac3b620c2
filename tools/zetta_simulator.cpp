// zetta-simulator: replays a folder of Zetta Live Metadata documents to airbridge (or anything
// listening) over one kept-open TCP connection, the way Zetta does.
//
//   zetta-simulator --to 127.0.0.1:1234 --folder ../shared/samples/zetta --interval 5s --loop
//
// --restamp sets each StartTime to the moment it is sent, so a looping demo announces a new
// event every time instead of a duplicate; --chunks splits each document into random pieces.

#include <Poco/Net/StreamSocket.h>
#include <fmt/chrono.h>
#include <fmt/format.h>

#include <airbridge/config_section.hpp>
#include <airbridge/socket_address.hpp>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <regex>
#include <sstream>
#include <thread>
#include <vector>

namespace {

struct Options {
  std::string to = "127.0.0.1:1234";
  std::vector<std::filesystem::path> files;
  airbridge::Duration interval = std::chrono::seconds{5};
  bool loop = false;
  bool restamp = false;
  bool chunks = false;
  int count = 0;  // 0: every file once (or forever with --loop)
};

const char* kUsage =
    "usage: zetta-simulator [--to HOST:PORT] (--folder DIR | FILE...) [--interval 5s] [--loop]\n"
    "                       [--restamp] [--chunks] [--count N]\n";

bool parseOptions(int argc, char** argv, Options& options) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::invalid_argument(arg + " needs a value");
      return argv[++i];
    };
    if (arg == "--to") {
      options.to = value();
    } else if (arg == "--folder") {
      const std::filesystem::path folder = value();
      std::vector<std::filesystem::path> found;
      for (const auto& entry : std::filesystem::directory_iterator(folder)) {
        if (entry.path().extension() == ".xml") found.push_back(entry.path());
      }
      std::sort(found.begin(), found.end());
      options.files.insert(options.files.end(), found.begin(), found.end());
    } else if (arg == "--interval") {
      if (!airbridge::parseDuration(value(), options.interval)) {
        throw std::invalid_argument("--interval takes a duration like 500ms or 5s");
      }
    } else if (arg == "--loop") {
      options.loop = true;
    } else if (arg == "--restamp") {
      options.restamp = true;
    } else if (arg == "--chunks") {
      options.chunks = true;
    } else if (arg == "--count") {
      options.count = std::stoi(value());
    } else if (arg == "--help" || arg == "-h") {
      return false;
    } else if (arg.starts_with("--")) {
      throw std::invalid_argument("unknown option " + arg);
    } else {
      options.files.emplace_back(arg);
    }
  }
  if (options.files.empty()) throw std::invalid_argument("no documents: give --folder or files");
  return true;
}

std::string readFile(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string restamp(const std::string& document) {
  static const std::regex kStartTime(R"re(StartTime="[^"]+")re");
  const auto now = std::chrono::system_clock::now();
  const std::string stamp = fmt::format("StartTime=\"{:%Y-%m-%dT%H:%M:%S}Z\"",
                                        fmt::gmtime(std::chrono::system_clock::to_time_t(now)));
  // Only the first (the on-air event's) start time: upcoming events have none yet.
  return std::regex_replace(document, kStartTime, stamp, std::regex_constants::format_first_only);
}

void sendDocument(Poco::Net::StreamSocket& socket, const std::string& document, bool chunks,
                  std::mt19937& random) {
  if (!chunks) {
    socket.sendBytes(document.data(), static_cast<int>(document.size()));
    return;
  }
  std::size_t offset = 0;
  while (offset < document.size()) {
    const std::size_t size = std::uniform_int_distribution<std::size_t>(1, 200)(random);
    const std::size_t n = std::min(size, document.size() - offset);
    socket.sendBytes(document.data() + offset, static_cast<int>(n));
    offset += n;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);
  Options options;
  try {
    if (!parseOptions(argc, argv, options)) {
      std::cout << kUsage;
      return 0;
    }
  } catch (const std::exception& e) {
    std::cerr << "zetta-simulator: " << e.what() << "\n" << kUsage;
    return 2;
  }
  const auto target = airbridge::SocketAddress::parse(options.to);
  std::mt19937 random(std::random_device{}());
  int sent = 0;
  std::size_t next = 0;
  while (true) {
    Poco::Net::StreamSocket socket;
    try {
      socket.connect(Poco::Net::SocketAddress(target.host(), target.port()), Poco::Timespan(5, 0));
    } catch (const Poco::Exception& e) {
      std::cerr << fmt::format("zetta-simulator: cannot connect to {}: {}; retrying in 1s\n",
                               options.to, e.displayText());
      std::this_thread::sleep_for(std::chrono::seconds(1));
      continue;
    }
    std::cerr << fmt::format("zetta-simulator: connected to {}\n", options.to);
    try {
      while (true) {
        if (next == options.files.size()) {
          if (!options.loop) return 0;
          next = 0;
        }
        if (options.count > 0 && sent >= options.count) return 0;
        std::string document = readFile(options.files[next]);
        if (options.restamp) document = restamp(document);
        sendDocument(socket, document + "\r\n", options.chunks, random);
        std::cerr << fmt::format("zetta-simulator: sent {}\n", options.files[next].filename().string());
        ++next;
        ++sent;
        std::this_thread::sleep_for(options.interval);
      }
    } catch (const Poco::Exception& e) {
      std::cerr << fmt::format("zetta-simulator: connection lost: {}; reconnecting\n",
                               e.displayText());
    }
  }
}
