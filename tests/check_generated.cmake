# Fails when a committed generated file differs from what `asmsim SUBCOMMAND --format FORMAT`
# prints (SUBCOMMAND defaults to params).
if(NOT SUBCOMMAND)
  set(SUBCOMMAND params)
endif()
execute_process(COMMAND ${ASMSIM} ${SUBCOMMAND} --format ${FORMAT} OUTPUT_VARIABLE generated RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "asmsim ${SUBCOMMAND} --format ${FORMAT} failed (${rc})")
endif()
file(READ ${EXPECTED} committed)
if(NOT generated STREQUAL committed)
  message(FATAL_ERROR "${EXPECTED} is stale: it differs from 'asmsim ${SUBCOMMAND} --format ${FORMAT}'. "
                      "Refresh it with '${REFRESH}' and commit the result.")
endif()
message(STATUS "${EXPECTED} is current")
