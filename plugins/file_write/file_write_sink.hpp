#pragma once
// The file_write output: a file rewritten atomically on each event (after this sink's delay,
// kinds and filters), for OBS overlays, StereoTool, a website's include, or ODR-PadEnc's DLS
// file on a DAB+ multiplex. Only the newest content waits if a write fails.

#include "file_write_config.hpp"

#include <airbridge/delivery_queue.hpp>
#include <airbridge/plugin.hpp>
#include <airbridge/text_template.hpp>

#include <optional>

namespace airbridge::file_write {

class FileWriteSink final : public ConsumerPlugin {
 public:
  FileWriteSink(FileWriteConfig config, PluginContext& context);
  ~FileWriteSink() override;

  void start() override;
  void deliver(const SharedDispatch& event) override;
  void stop() noexcept override;

 private:
  /// `text` in the file's encoding.
  std::string encoded(const std::string& text) const;
  std::string contentFor(const TrackEvent& track, const std::string& text, bool song);

  const FileWriteConfig config_;
  PluginContext& context_;
  const TextTemplate song_;
  const std::optional<TextTemplate> idle_;
  bool toggle_ = false;  // DL Plus item toggle, flipped per song (sink thread only)
  PublishDelay delay_;
  DeliveryQueue queue_;
};

}  // namespace airbridge::file_write
