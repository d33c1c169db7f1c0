#pragma once

namespace asmsim {

const char* asmsim_version();     // from CMake's project(VERSION)
const char* asmsim_git_commit();  // "git describe"-style commit of the build, "unknown" outside git

}  // namespace asmsim
