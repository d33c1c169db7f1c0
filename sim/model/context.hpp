#pragma once
// What a module is given when it is built: the run's parameters and inputs, the key from which it
// derives its random stream, and the results table in which it declares its outputs.

#include "core/parameters.hpp"
#include "core/random_streams.hpp"
#include "core/results.hpp"
#include "model/inputs.hpp"

namespace asmsim {

struct ModelContext {
    const ParameterSet& params;
    const ModelInputs& inputs;
    StreamKey stream_key;
    Results& results;

    RandomEngine stream(std::string_view module) const { return make_stream(stream_key, module); }
};

}  // namespace asmsim
