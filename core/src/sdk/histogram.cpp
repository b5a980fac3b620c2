#include <airbridge/metrics.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace airbridge {

Histogram::Histogram(std::vector<double> upper_bounds)
    : bounds_(std::move(upper_bounds)),
      counts_(std::make_unique<std::atomic<std::uint64_t>[]>(bounds_.size() + 1)) {
  std::sort(bounds_.begin(), bounds_.end());
}

void Histogram::observe(double value) {
  const auto bucket = std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin();
  counts_[static_cast<std::size_t>(bucket)].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  sumMicros_.fetch_add(static_cast<std::uint64_t>(std::llround(std::max(value, 0.0) * 1e6)),
                       std::memory_order_relaxed);
}

std::string Histogram::render(const std::string& name, const std::string& labels) const {
  std::string out;
  const std::string prefix = labels.empty() ? "" : labels + ",";
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i <= bounds_.size(); ++i) {
    cumulative += counts_[i].load(std::memory_order_relaxed);
    const std::string le = i < bounds_.size() ? fmt::format("{}", bounds_[i]) : "+Inf";
    out += fmt::format("{}_bucket{{{}le=\"{}\"}} {}\n", name, prefix, le, cumulative);
  }
  const std::string braces = labels.empty() ? "" : fmt::format("{{{}}}", labels);
  out += fmt::format("{}_sum{} {}\n", name, braces,
                     static_cast<double>(sumMicros_.load(std::memory_order_relaxed)) / 1e6);
  out += fmt::format("{}_count{} {}\n", name, braces, count_.load(std::memory_order_relaxed));
  return out;
}

}  // namespace airbridge
