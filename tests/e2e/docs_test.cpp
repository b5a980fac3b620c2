// The plugin guide is tested by the out-of-tree example: every code block of
// docs/writing-a-plugin.md must be, word for word, in the example's files, which the suite
// builds against the installed SDK and runs ("sdk: out-of-tree plugin ...").

#include "support/airbridge_process.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using namespace airbridge::testing;

namespace {

std::string readFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

/// The bodies of the fenced blocks of one language in a Markdown file.
std::vector<std::string> codeBlocks(const std::string& markdown, const std::string& language) {
  std::vector<std::string> blocks;
  std::istringstream in(markdown);
  std::string line, block;
  bool inside = false;
  while (std::getline(in, line)) {
    if (!inside && line == "```" + language) {
      inside = true;
      block.clear();
    } else if (inside && line == "```") {
      inside = false;
      blocks.push_back(block);
    } else if (inside) {
      block += line + '\n';
    }
  }
  return blocks;
}

}  // namespace

TEST_CASE("docs: every snippet of the plugin guide is in the out-of-tree example", "[e2e][docs]") {
  const auto source = BuildPaths::sourceDir();
  const std::string guide = readFile(source / "docs/writing-a-plugin.md");
  const auto example = source / "tests/out_of_tree_plugin";
  const std::string code = readFile(example / "hello_plugin.cpp") + readFile(example / "tally_plugin.cpp");
  const std::string cmake = readFile(example / "CMakeLists.txt");
  const auto cpp = codeBlocks(guide, "cpp");
  CHECK(cpp.size() >= 5);
  for (const auto& block : cpp) {
    INFO(block);
    CHECK(code.find(block) != std::string::npos);
  }
  for (const auto& block : codeBlocks(guide, "cmake")) {
    INFO(block);
    CHECK(cmake.find(block) != std::string::npos);
  }
}
