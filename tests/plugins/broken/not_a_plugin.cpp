// A valid shared library that is not an airbridge plugin: it exports no airbridge_plugin_info.
extern "C" __attribute__((visibility("default"))) int not_a_plugin_answer() { return 42; }
