# Fails when a committed generated file differs from what `asmsim params --format FORMAT` prints.
execute_process(COMMAND ${ASMSIM} params --format ${FORMAT} OUTPUT_VARIABLE generated RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "asmsim params --format ${FORMAT} failed (${rc})")
endif()
file(READ ${EXPECTED} committed)
if(NOT generated STREQUAL committed)
  message(FATAL_ERROR "${EXPECTED} is stale: it differs from 'asmsim params --format ${FORMAT}'. "
                      "Refresh it with '${REFRESH}' and commit the result.")
endif()
message(STATUS "${EXPECTED} is current")
