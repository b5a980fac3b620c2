#include "file_write_config.hpp"

#include <airbridge/text_template.hpp>

#include <fmt/format.h>

#include <filesystem>

namespace airbridge::file_write {

const ConfigKeys<FileWriteConfig>& FileWriteConfig::keys() {
  using C = FileWriteConfig;
  static const auto keys = ConfigKeys<C>()
      .required("path", &C::path, "the file rewritten on each event (its folder must exist)")
      .choice("format", &C::format, {{"text", Format::text}, {"dls", Format::dls}},
              "text: the template; dls: ODR-PadEnc's DLS file with DL Plus tags, for DAB+")
      .key("template", &C::template_text, "text: what the file holds for a song; dls: its label")
      .key("idle_text", &C::idle_text, "what it holds for links, spots and the like (none: the last song stays)")
      .choice("encoding", &C::encoding,
              {{"UTF-8", Encoding::utf8}, {"ISO-8859-1", Encoding::latin1}, {"ASCII", Encoding::ascii}},
              "of the file; what an encoding lacks is transliterated")
      .include(SinkEventOptions::keys(), &C::events)
      .include(OutputDeliveryOptions::keys(), &C::delivery)
      .check([](const ConfigSection& section, C& config) {
        const auto folder = std::filesystem::path(config.path).parent_path();
        std::error_code error;
        if (!config.path.empty() && !folder.empty() && !std::filesystem::is_directory(folder, error)) {
          section.fail("path", fmt::format("'{}' is not a folder; create it, or point path: elsewhere",
                                           folder.string()));
        }
        TextTemplate::check(section, "template", config.template_text);
        if (!config.idle_text.empty()) TextTemplate::check(section, "idle_text", config.idle_text);
      });
  return keys;
}

}  // namespace airbridge::file_write
