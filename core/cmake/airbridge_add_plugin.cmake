# airbridge_add_plugin(<id> SOURCES ...) builds libairbridge_<id>.so, a MODULE library the host
# loads with Boost.DLL. Used in tree and, through airbridgeConfig.cmake, by out-of-tree plugins.
function(airbridge_add_plugin id)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBRARIES" ${ARGN})
  set(target airbridge_${id})
  add_library(${target} MODULE ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE airbridge::sdk ${ARG_LIBRARIES})
  set_target_properties(${target} PROPERTIES
    PREFIX "lib"
    OUTPUT_NAME airbridge_${id}
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(AIRBRIDGE_PLUGIN_OUTPUT_DIR)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${AIRBRIDGE_PLUGIN_OUTPUT_DIR})
  endif()
  # Missing symbols fail the link, not the dlopen in front of a station engineer.
  if(NOT AIRBRIDGE_SANITIZE)
    target_link_options(${target} PRIVATE -Wl,--no-undefined)
  endif()
endfunction()
