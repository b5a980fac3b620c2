#pragma once
// What the benchmark tools share: loopback sockets, child processes and their CPU and memory
// as /proc tells them, and the Zetta document every benchmark event is made of.

#include <sys/types.h>

#include <string>
#include <vector>

namespace bench {

/// A loopback port nothing listens on right now.
int freePort();
/// Raises this process's open-file limit to its hard limit (children inherit it); returns it.
long raiseFileLimit();
/// A blocking connection to 127.0.0.1:`port`, retried for ten seconds while nothing listens.
int connectBlocking(int port);
void sendAll(int fd, const std::string& data);
/// Starts `argv` with stderr into `log`.
pid_t spawn(const std::vector<std::string>& argv, const std::string& log);
/// SIGTERM, then SIGKILL after five seconds.
void stopServer(pid_t pid);
/// utime + stime of a process, in microseconds.
double cpuMicros(pid_t pid);
long rssBytes(pid_t pid);
/// A client's text frame (masked with a zero key) for a short payload.
std::string maskedText(const std::string& payload);
/// A one-song Zetta document titled "bench-K <padding x>": clients find K in what they receive.
std::string zettaDocument(int k, int padding);

}  // namespace bench
