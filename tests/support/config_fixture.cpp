#include "config_fixture.hpp"

#include "sdk/config_section_state.hpp"

namespace airbridge::testing {

ConfigSection sectionFromYaml(const std::string& yaml) {
  YAML::Node node = YAML::Load(yaml);
  return ConfigSection(ConfigSection::State::make(node, "test.yaml", "test", node.Mark()));
}

}  // namespace airbridge::testing
