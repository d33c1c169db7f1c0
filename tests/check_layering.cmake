# Layering check (issue 13, point 6): sim/model includes nothing from sim/interventions. The
# interventions plug into the month from outside (model/plan_slots.hpp, experiment/assembly.cpp),
# and their parameters are added to the schema there too.
#   cmake -DSOURCE_DIR=<repo> -P tests/check_layering.cmake
# Fails naming every file and line that includes "interventions/...".
if(NOT SOURCE_DIR)
  message(FATAL_ERROR "check_layering: pass -DSOURCE_DIR=<repository root>")
endif()
file(GLOB_RECURSE model_files "${SOURCE_DIR}/sim/model/*.cpp" "${SOURCE_DIR}/sim/model/*.hpp"
     "${SOURCE_DIR}/sim/model/*.h" "${SOURCE_DIR}/sim/model/*.inl")
if(NOT model_files)
  message(FATAL_ERROR "check_layering: no files found under ${SOURCE_DIR}/sim/model")
endif()
set(violations "")
foreach(f IN LISTS model_files)
  file(STRINGS "${f}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"](.*/)?interventions/")
  foreach(line IN LISTS lines)
    file(RELATIVE_PATH rel "${SOURCE_DIR}" "${f}")
    string(APPEND violations "  ${rel}: ${line}\n")
  endforeach()
endforeach()
if(violations)
  message(FATAL_ERROR "sim/model must not include anything from sim/interventions (plug interventions in "
                      "through model/plan_slots.hpp and experiment/assembly.cpp instead):\n${violations}")
endif()
list(LENGTH model_files n)
message(STATUS "layering: ${n} files under sim/model include nothing from sim/interventions")
