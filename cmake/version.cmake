# Writes the version source with the current git commit; run at every build so the commit in
# results is the one built (the file is rewritten only when its content changes).
execute_process(COMMAND git -C "${SOURCE_DIR}" rev-parse --short=12 HEAD
                OUTPUT_VARIABLE ASMSIM_GIT_COMMIT OUTPUT_STRIP_TRAILING_WHITESPACE
                RESULT_VARIABLE git_result ERROR_QUIET)
if(NOT git_result EQUAL 0 OR ASMSIM_GIT_COMMIT STREQUAL "")
  set(ASMSIM_GIT_COMMIT "unknown")
else()
  execute_process(COMMAND git -C "${SOURCE_DIR}" status --porcelain --untracked-files=no
                  OUTPUT_VARIABLE dirty OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(NOT dirty STREQUAL "")
    set(ASMSIM_GIT_COMMIT "${ASMSIM_GIT_COMMIT}-dirty")
  endif()
endif()
configure_file("${SOURCE_DIR}/sim/core/version.cpp.in" "${OUTPUT}.tmp" @ONLY)
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
