#pragma once
/// Counters and gauges owned by the host and rendered in Prometheus text format. A plugin asks
/// once (at construction) and keeps the reference; updating it is one relaxed atomic add.

#include <airbridge/sdk_export.hpp>

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace airbridge {

class Counter {
 public:
  void add(std::uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

class Gauge {
 public:
  void set(std::int64_t v) { value_.store(v, std::memory_order_relaxed); }
  void add(std::int64_t n) { value_.fetch_add(n, std::memory_order_relaxed); }
  std::int64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::int64_t> value_{0};
};

/// Cumulative buckets, Prometheus style: observe() is a few relaxed atomic adds.
class AIRBRIDGE_SDK_API Histogram {
 public:
  explicit Histogram(std::vector<double> upper_bounds);
  void observe(double value);
  /// `name_bucket{le=...}`, `name_sum` and `name_count` lines.
  std::string render(const std::string& name, const std::string& labels) const;

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> counts_;  // one per bound, plus +Inf
  std::atomic<std::uint64_t> count_{0};
  std::atomic<std::uint64_t> sumMicros_{0};
};

class Metrics {
 public:
  virtual ~Metrics() = default;
  /// `name` like airbridge_zetta_documents_total, `labels` like `source="studio",result="ok"`.
  /// The same name and labels give the same counter; references stay valid for the process.
  virtual Counter& counter(const std::string& name, const std::string& help,
                           const std::string& labels = {}) = 0;
  virtual Gauge& gauge(const std::string& name, const std::string& help,
                       const std::string& labels = {}) = 0;
  /// Seconds-valued histogram with the given bucket upper bounds.
  virtual Histogram& histogram(const std::string& name, const std::string& help,
                               const std::string& labels, std::vector<double> upper_bounds) = 0;
  /// Prometheus text exposition of everything registered.
  virtual std::string render() const = 0;
};

/// The counters of one family that differ in one label, registered by that label's value:
///
///   CounterFamily documents(metrics, "airbridge_zetta_documents_total", "Zetta documents",
///                           "source=\"studio\"", "result");
///   Counter& parsed = documents.with("parsed");   // {source="studio",result="parsed"}
class CounterFamily {
 public:
  CounterFamily(Metrics& metrics, std::string name, std::string help, std::string fixed_labels,
                std::string label)
      : metrics_(metrics), name_(std::move(name)), help_(std::move(help)),
        fixed_(std::move(fixed_labels)), label_(std::move(label)) {}
  Counter& with(const std::string& value) const {
    return metrics_.counter(name_, help_, (fixed_.empty() ? "" : fixed_ + ",") + label_ + "=\"" + value + "\"");
  }

 private:
  Metrics& metrics_;
  std::string name_, help_, fixed_, label_;
};

}  // namespace airbridge
