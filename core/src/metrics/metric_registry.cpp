#include "metrics/metric_registry.hpp"

#include "metrics/process_metrics.hpp"

#include <fmt/format.h>

namespace airbridge::core {

Counter& MetricRegistry::counter(const std::string& name, const std::string& help,
                                 const std::string& labels) {
  std::lock_guard lock(mutex_);
  Family& family = families_[name];
  family.help = help;
  family.type = "counter";
  auto& slot = family.counters[labels];
  if (!slot) slot = std::make_unique<Counter>();
  return *slot;
}

Gauge& MetricRegistry::gauge(const std::string& name, const std::string& help,
                             const std::string& labels) {
  std::lock_guard lock(mutex_);
  Family& family = families_[name];
  family.help = help;
  family.type = "gauge";
  auto& slot = family.gauges[labels];
  if (!slot) slot = std::make_unique<Gauge>();
  return *slot;
}

Histogram& MetricRegistry::histogram(const std::string& name, const std::string& help,
                                     const std::string& labels, std::vector<double> upper_bounds) {
  std::lock_guard lock(mutex_);
  Family& family = families_[name];
  family.help = help;
  family.type = "histogram";
  auto& slot = family.histograms[labels];
  if (!slot) slot = std::make_unique<Histogram>(std::move(upper_bounds));
  return *slot;
}

std::string MetricRegistry::render() const {
  std::lock_guard lock(mutex_);
  std::string out;
  auto series = [](const std::string& name, const std::string& labels) {
    return labels.empty() ? name : fmt::format("{}{{{}}}", name, labels);
  };
  for (const auto& [name, family] : families_) {
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, family.help, name,
                       family.type);
    for (const auto& [labels, counter] : family.counters) {
      out += fmt::format("{} {}\n", series(name, labels), counter->value());
    }
    for (const auto& [labels, gauge] : family.gauges) {
      out += fmt::format("{} {}\n", series(name, labels), gauge->value());
    }
    for (const auto& [labels, histogram] : family.histograms) out += histogram->render(name, labels);
  }
  return out + renderProcessMetrics();
}

}  // namespace airbridge::core
