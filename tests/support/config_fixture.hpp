#pragma once
// Builds a ConfigSection from YAML text, as the host would for one plugin instance.

#include <airbridge/config_section.hpp>

#include <string>

namespace airbridge::testing {

/// The section is named "test" and positions read "test.yaml:LINE:COL".
ConfigSection sectionFromYaml(const std::string& yaml);

}  // namespace airbridge::testing
