#pragma once
// The file_write output's YAML section: the defaults here, the keys declared in the .cpp.

#include <airbridge/config_keys.hpp>
#include <airbridge/output_plugin.hpp>

#include <string>

namespace airbridge::file_write {

enum class Format { text, dls };
enum class Encoding { utf8, latin1, ascii };

struct FileWriteConfig {
  std::string path;
  Format format = Format::text;
  std::string template_text = "{{#artist}}{{artist}} - {{/artist}}{{title}}\n";
  std::string idle_text;  ///< for non-songs; empty: the file keeps the last song
  Encoding encoding = Encoding::utf8;
  SinkEventOptions events;
  OutputDeliveryOptions delivery;

  static const ConfigKeys<FileWriteConfig>& keys();
};

}  // namespace airbridge::file_write
