#pragma once
// The standard process_* metrics every Prometheus client library exports (CPU, memory,
// descriptors, start time), read from /proc/self at each scrape so they cost nothing between.

#include <string>

namespace airbridge::core {

/// Prometheus text for process_cpu_seconds_total, process_resident_memory_bytes,
/// process_virtual_memory_bytes, process_open_fds, process_max_fds, process_start_time_seconds.
std::string renderProcessMetrics();

}  // namespace airbridge::core
