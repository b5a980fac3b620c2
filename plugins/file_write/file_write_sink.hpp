#pragma once
// The file_write output: a file rewritten atomically on each event (after this sink's delay,
// kinds and filters), for OBS overlays, StereoTool, a website's include, or ODR-PadEnc's DLS
// file on a DAB+ multiplex. Only the newest content waits if a write fails.

#include "file_write_config.hpp"

#include <airbridge/live_value.hpp>
#include <airbridge/output_plugin.hpp>
#include <airbridge/text_template.hpp>

#include <optional>

namespace airbridge::file_write {

class FileWriteSink final : public OutputPlugin {
 public:
  FileWriteSink(FileWriteConfig config, PluginContext& context);

 private:
  /// Besides every output's delay, kinds, filters and next, SIGHUP changes the templates in place.
  std::vector<std::string_view> inPlaceKeys() const override { return {"template", "idle_text"}; }
  void reconfigureOwn(const ConfigSection& section) override;
  /// Songs, and other tracks when there is an idle_text (else the file keeps the last song).
  bool takes(const Dispatch& event) const override;
  void send(const Dispatch& event) override;
  void started() override;
  /// `text` in the file's encoding.
  std::string encoded(const std::string& text) const;
  std::string contentFor(const TrackEvent& track, const std::string& text, bool song);

  const FileWriteConfig config_;  ///< as started; the templates in force are text_
  LiveValue<TrackText> text_;
  bool toggle_ = false;  // DL Plus item toggle, flipped per song (sink thread only)
};

}  // namespace airbridge::file_write
