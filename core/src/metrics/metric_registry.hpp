#pragma once
// The host's Metrics: named counters and gauges that live as long as the process.

#include <airbridge/metrics.hpp>

#include <map>
#include <memory>
#include <mutex>
#include <variant>

namespace airbridge::core {

class MetricRegistry final : public Metrics {
 public:
  Counter& counter(const std::string& name, const std::string& help,
                   const std::string& labels) override;
  Gauge& gauge(const std::string& name, const std::string& help,
               const std::string& labels) override;
  Histogram& histogram(const std::string& name, const std::string& help,
                       const std::string& labels, std::vector<double> upper_bounds) override;
  std::string render() const override;

 private:
  struct Family {
    std::string help;
    const char* type = "counter";
    std::map<std::string, std::unique_ptr<Counter>> counters;  // by label set
    std::map<std::string, std::unique_ptr<Gauge>> gauges;
    std::map<std::string, std::unique_ptr<Histogram>> histograms;
  };
  mutable std::mutex mutex_;
  std::map<std::string, Family> families_;
};

}  // namespace airbridge::core
