// `asmsim params` (the parameter table, docs/parameters.md, the scenario template) and
// `asmsim validate` (check scenario files without running them).

#include <fstream>
#include <iostream>
#include <memory>

#include "calibration/calibration_spec.hpp"
#include "calibration/target_model.hpp"
#include "cli/commands.hpp"
#include "core/input_error.hpp"
#include "experiment/experiment.hpp"
#include "experiment/replicates.hpp"
#include "experiment/assembly.hpp"
#include "scenario/schema_docs.hpp"
#include "sweep/design.hpp"
#include "sweep/point_model.hpp"
#include "sweep/sweep_spec.hpp"

namespace asmsim::cli {

Action add_params_command(CLI::App& app) {
    auto* cmd = app.add_subcommand("params", "List every parameter with default, unit, valid range and source");
    auto format = std::make_shared<std::string>("text");
    auto output = std::make_shared<std::string>();
    cmd->add_option("--format", *format, "text (a table), markdown (docs/parameters.md) or toml (a commented scenario)")
        ->check(CLI::IsMember({"text", "markdown", "toml"}));
    cmd->add_option("-o,--output", *output, "write to this file instead of standard output");
    return [format, output] {
        const ParameterSchema& schema = model_schema();
        std::string text = *format == "markdown" ? render_parameters_markdown(schema)
                           : *format == "toml"   ? render_scenario_template(schema)
                                                 : render_parameters_text(schema);
        write_text(text, *output);
        return exit_ok;
    };
}

Action add_validate_command(CLI::App& app) {
    auto* cmd = app.add_subcommand(
        "validate", "Check scenario files (keys, types, ranges, extends, input data), experiment, sweep and calibration files");
    auto files = std::make_shared<std::vector<std::string>>();
    cmd->add_option("files", *files, "scenario files (TOML)")->required();
    return [files] {
        int failures = 0;
        for (const auto& file : *files) {
            try {
                if (is_experiment_file(file)) {
                    // An experiment: the file itself, then every scenario it lists.
                    const ExperimentSpec spec = load_experiment(file);
                    for (const auto& scenario : spec.scenarios) prepare_scenario(scenario, {});
                    std::cout << "ok  " << file << "  (experiment " << spec.name << ", " << spec.scenarios.size()
                              << " scenarios)\n";
                    continue;
                }
                if (is_sweep_file(file)) {
                    // A sweep: the file, its design, its base scenario and its outputs.
                    const SweepSpec spec = load_sweep(file);
                    const Design design = make_design(spec, 0);
                    const PointModel model(spec, design);
                    std::cout << "ok  " << file << "  (sweep " << spec.name << ", " << to_string(spec.design) << " design, "
                              << design.points << " points)\n";
                    continue;
                }
                if (is_calibration_file(file)) {
                    // A calibration: the file, its priors, its base scenario and every target against the outputs.
                    const CalibrationSpec spec = load_calibration(file);
                    const TargetModel model(spec);
                    std::cout << "ok  " << file << "  (calibration " << spec.name << ", " << spec.parameters.size()
                              << " parameters, " << spec.targets.size() << " targets)\n";
                    continue;
                }
                PreparedScenario prepared = prepare_scenario(file, {});
                std::cout << "ok  " << file << "  (" << prepared.scenario.name << ")\n";
            } catch (const InputError& e) {
                std::cerr << "asmsim: error: " << e.what() << "\n";
                ++failures;
            }
        }
        return failures == 0 ? exit_ok : exit_bad_input;
    };
}

}  // namespace asmsim::cli
