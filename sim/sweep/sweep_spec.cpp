#include "sweep/sweep_spec.hpp"

#include <cmath>
#include <filesystem>
#include <algorithm>
#include <set>

#include <toml++/toml.h>

#include "experiment/assembly.hpp"
#include "scenario/toml_file.hpp"

namespace asmsim {

namespace fs = std::filesystem;

const char* to_string(SweepModel model) {
    switch (model) {
        case SweepModel::livelihood: return "livelihood";
        case SweepModel::ishigami: return "ishigami";
        case SweepModel::gfunction: return "gfunction";
    }
    return "?";
}
const char* to_string(DesignKind kind) {
    switch (kind) {
        case DesignKind::grid: return "grid";
        case DesignKind::latin_hypercube: return "latin_hypercube";
        case DesignKind::sobol: return "sobol";
        case DesignKind::morris: return "morris";
    }
    return "?";
}
const char* to_string(Distribution distribution) {
    switch (distribution) {
        case Distribution::uniform: return "uniform";
        case Distribution::log_uniform: return "log_uniform";
        case Distribution::discrete: return "discrete";
    }
    return "?";
}

namespace {

using Reader = TomlReader;  // keeps the sweep file's path for every error

void read_parameter(const Reader& r, const toml::table& t, SweepSpec& spec, const toml::node& where_node) {
    r.only(t, "parameters.", {"name", "distribution", "min", "max", "values"});
    SweptParameter p;
    p.where = r.at(where_node);
    const toml::node* name = t.get("name");
    if (!name || !name->is_string())
        throw InputError(p.where, "parameters.name", "each [[parameters]] entry needs a name",
                         "e.g. name = \"finance.mfi_rate_monthly\"");
    p.name = *name->value<std::string>();
    p.where = r.at(*name);
    const std::string d = r.text(t, "parameters.", "distribution", "uniform", {"uniform", "log_uniform", "discrete"});
    p.distribution = d == "uniform" ? Distribution::uniform
                     : d == "log_uniform" ? Distribution::log_uniform
                                          : Distribution::discrete;
    if (p.distribution == Distribution::discrete) {
        if (t.get("min") || t.get("max"))
            throw InputError(r.at(*(t.get("min") ? t.get("min") : t.get("max"))), p.name,
                             "a discrete parameter takes a list of values, not min and max", "e.g. values = [0.5, 1, 2]");
        const toml::node* values = t.get("values");
        if (!values || !values->is_array() || values->as_array()->empty())
            throw InputError(values ? r.at(*values) : p.where, p.name, "a discrete parameter needs a list of values",
                             "e.g. values = [0.5, 1, 2]");
        for (const auto& v : *values->as_array()) p.values.push_back(r.real(v, p.name));
        p.min = *std::min_element(p.values.begin(), p.values.end());
        p.max = *std::max_element(p.values.begin(), p.values.end());
    } else {
        if (t.get("values"))
            throw InputError(r.at(*t.get("values")), p.name, "values are for discrete parameters",
                             "give min and max, or set distribution = \"discrete\"");
        const toml::node* lo = t.get("min");
        const toml::node* hi = t.get("max");
        if (!lo || !hi) throw InputError(p.where, p.name, "needs min and max", "e.g. min = 0.01, max = 0.05");
        p.min = r.real(*lo, p.name);
        p.max = r.real(*hi, p.name);
        if (!(p.min < p.max)) throw InputError(r.at(*hi), p.name, "max must be greater than min");
        if (p.distribution == Distribution::log_uniform && p.min <= 0)
            throw InputError(r.at(*lo), p.name, "a log-uniform range must be positive", "use uniform, or min > 0");
    }
    for (const auto& other : spec.parameters)
        if (other.name == p.name) throw InputError(p.where, p.name, "parameter listed twice");

    if (spec.model != SweepModel::livelihood) {
        const std::string expected = "x" + std::to_string(spec.parameters.size() + 1);
        if (p.name != expected)
            throw InputError(p.where, p.name, "test model parameters are named x1, x2, ... in order",
                             "expected '" + expected + "' here");
        p.units = "1";
        spec.parameters.push_back(p);
        return;
    }
    const ParamSpec* schema = model_schema().find(p.name);
    if (!schema) {
        auto near = model_schema().nearest(p.name, 1);
        throw InputError(p.where, p.name, "not a model parameter",
                         near.empty() ? "run 'asmsim params' to list them" : "did you mean '" + near.front() + "'?");
    }
    if (!schema->is_numeric())
        throw InputError(p.where, p.name, "only real and integer parameters can be swept");
    if (p.name == "random.seed" || p.name == "simulation.months")
        throw InputError(p.where, p.name, "cannot be swept", "seeds come from the sweep; months are fixed by [model] set");
    if (p.min < schema->min || p.max > schema->max)
        throw InputError(p.where, p.name,
                         "range [" + to_toml_literal(ParamValue{p.min}) + ", " + to_toml_literal(ParamValue{p.max}) +
                             "] leaves the valid range " + schema->range_text(),
                         "keep min and max inside " + schema->range_text());
    p.units = schema->unit;
    p.integer = schema->type == ParamType::integer;
    spec.parameters.push_back(p);
}

void read_output(const Reader& r, const toml::table& t, SweepSpec& spec, const toml::node& where_node) {
    r.only(t, "outputs.", {"name", "statistic", "months", "month"});
    SweepOutput o;
    o.where = r.at(where_node);
    const toml::node* name = t.get("name");
    if (!name || !name->is_string())
        throw InputError(o.where, "outputs.name", "each [[outputs]] entry needs a name", "e.g. name = \"poverty_headcount\"");
    o.output = *name->value<std::string>();
    o.where = r.at(*name);
    const std::string kind =
        r.text(t, "outputs.", "statistic", "mean_last_months", {"mean_last_months", "at_month", "mean"});
    if (kind == "mean_last_months") {
        o.kind = StatisticKind::mean_last_months;
        o.months = static_cast<int>(r.integer(t, "outputs.", "months", 12, 1, 1200));
        o.label = o.output + "__mean_last_" + std::to_string(o.months) + "_months";
        o.description = "mean of " + o.output + " over the last " + std::to_string(o.months) + " months of a run";
    } else if (kind == "at_month") {
        o.kind = StatisticKind::at_month;
        if (!t.get("month")) throw InputError(o.where, o.output, "statistic at_month needs month = M (0-based)");
        o.month = static_cast<int>(r.integer(t, "outputs.", "month", 0, 0, 1199));
        o.label = o.output + "__at_month_" + std::to_string(o.month);
        o.description = o.output + " in month " + std::to_string(o.month) + " (0-based) of a run";
    } else {
        o.kind = StatisticKind::mean_all;
        o.label = o.output + "__mean";
        o.description = "mean of " + o.output + " over all months of a run";
    }
    for (const auto& other : spec.outputs)
        if (other.label == o.label) throw InputError(o.where, o.output, "the same statistic is listed twice");
    spec.outputs.push_back(o);
}

}  // namespace

bool is_sweep_file(const std::string& path) { return toml_file_has_key(path, "design"); }

SweepSpec load_sweep(const std::string& path) {
    SweepSpec spec;
    spec.path = path;
    TomlFile toml_file = read_toml_file(path, "sweep file");
    spec.toml = std::move(toml_file.text);
    const toml::table& table = toml_file.table;
    const Reader r(path);
    r.only(table, "", {"name", "description", "seed", "replicates", "model", "design", "parameters", "outputs",
                       "timeseries"});
    spec.name = r.text(table, "", "name", fs::path(path).stem().string());
    spec.description = r.text(table, "", "description", "");
    spec.seed = r.integer(table, "", "seed", -1, 0, 9'007'199'254'740'992);
    spec.replicates = static_cast<int>(r.integer(table, "", "replicates", 1, 1, 100000));

    // [model]
    const toml::node* model_node = table.get("model");
    if (!model_node || !model_node->is_table())
        throw InputError({path, model_node ? r.at(*model_node).line : 0, 0}, "model", "missing [model] table",
                         "e.g. [model] kind = \"livelihood\", scenario = \"../baseline.toml\"");
    const toml::table& model = *model_node->as_table();
    r.only(model, "model.", {"kind", "scenario", "set", "a"});
    const std::string kind = r.text(model, "model.", "kind", "livelihood", {"livelihood", "ishigami", "gfunction"});
    spec.model = kind == "livelihood" ? SweepModel::livelihood
                 : kind == "ishigami" ? SweepModel::ishigami
                                      : SweepModel::gfunction;
    if (spec.model == SweepModel::livelihood) {
        spec.scenario = r.base_scenario(model, *model_node, "the livelihood model needs a base scenario", "sweep file", spec.fixed_sets);
    } else {
        for (const char* key : {"scenario", "set"})
            if (model.get(key)) throw InputError(r.at(*model.get(key)), std::string("model.") + key,
                                                 "only the livelihood model takes a scenario");
    }
    if (spec.model == SweepModel::gfunction) {
        const toml::node* a = model.get("a");
        if (!a || !a->is_array() || a->as_array()->empty())
            throw InputError(r.at(*model_node), "model.a", "the G-function needs its coefficients",
                             "e.g. a = [0, 1, 4.5, 9, 99, 99], one per parameter");
        for (const auto& v : *a->as_array()) {
            spec.gfunction_a.push_back(r.real(v, "model.a"));
            if (spec.gfunction_a.back() < 0) throw InputError(r.at(v), "model.a", "coefficients must be >= 0");
        }
    } else if (model.get("a")) {
        throw InputError(r.at(*model.get("a")), "model.a", "only the G-function takes coefficients a");
    }

    // [design]
    const toml::node* design_node = table.get("design");
    if (!design_node || !design_node->is_table())
        throw InputError({path, design_node ? r.at(*design_node).line : 0, 0}, "design", "missing [design] table",
                         "e.g. [design] kind = \"sobol\", samples = 256");
    const toml::table& design = *design_node->as_table();
    r.only(design, "design.", {"kind", "samples", "second_order", "randomisations", "levels", "trajectories"});
    const std::string dk = r.text(design, "design.", "kind", "", {"grid", "latin_hypercube", "sobol", "morris"});
    if (dk.empty()) throw InputError(r.at(*design_node), "design.kind", "missing", "grid | latin_hypercube | sobol | morris");
    spec.design = dk == "grid" ? DesignKind::grid
                  : dk == "latin_hypercube" ? DesignKind::latin_hypercube
                  : dk == "sobol" ? DesignKind::sobol
                                  : DesignKind::morris;
    auto refuse = [&](const char* key, const char* why) {
        if (design.get(key)) throw InputError(r.at(*design.get(key)), std::string("design.") + key, why);
    };
    if (spec.design == DesignKind::sobol || spec.design == DesignKind::latin_hypercube) {
        if (!design.get("samples"))
            throw InputError(r.at(*design_node), "design.samples", "missing", "e.g. samples = 256");
        spec.samples = static_cast<int>(r.integer(design, "design.", "samples", 0, 2, 1 << 24));
        if (spec.design == DesignKind::sobol && (spec.samples & (spec.samples - 1)) != 0) {
            int lower = 1;
            while (lower * 2 < spec.samples) lower *= 2;
            throw InputError(r.at(*design.get("samples")), "design.samples",
                             "a Sobol' design needs a power of 2 base samples",
                             "try " + std::to_string(lower) + " or " + std::to_string(lower * 2));
        }
    } else {
        refuse("samples", "only sobol and latin_hypercube designs take samples");
    }
    if (spec.design == DesignKind::sobol) {
        if (const toml::node* so = design.get("second_order")) {
            auto b = so->value_exact<bool>();
            if (!b) throw InputError(r.at(*so), "design.second_order", "expected true or false");
            spec.second_order = *b;
        }
        // R >= 2 for a t interval over the scrambles; 2^16 keeps R N (2d + 2) well inside int.
        spec.randomisations = static_cast<int>(r.integer(design, "design.", "randomisations", 8, 2, 65536));
        if (static_cast<double>(spec.randomisations) * spec.samples > (1 << 24))
            throw InputError(design.get("randomisations") ? r.at(*design.get("randomisations")) : r.at(*design_node),
                             "design.randomisations", "randomisations x samples is above 2^24 base rows",
                             "use fewer randomisations or samples");
    } else {
        refuse("second_order", "only the sobol design has second-order indices");
        refuse("randomisations", "only the sobol design is randomised (scrambled)");
    }
    if (spec.design == DesignKind::grid || spec.design == DesignKind::morris)
        spec.levels = static_cast<int>(r.integer(design, "design.", "levels", 4, 2, 1000));
    else
        refuse("levels", "only grid and morris designs take levels");
    if (spec.design == DesignKind::morris)
        spec.trajectories = static_cast<int>(r.integer(design, "design.", "trajectories", 10, 2, 100000));
    else
        refuse("trajectories", "only the morris design takes trajectories");
    if (spec.design == DesignKind::morris && spec.levels % 2 != 0)
        throw InputError(design.get("levels") ? r.at(*design.get("levels")) : r.at(*design_node), "design.levels",
                         "a Morris design needs an even number of levels",
                         "try " + std::to_string(spec.levels + 1) + "; the step is levels / (2 (levels - 1))");

    // [[parameters]]
    const toml::node* params = table.get("parameters");
    if (!params || !params->is_array_of_tables() || params->as_array()->empty())
        throw InputError({path, params ? r.at(*params).line : 0, 0}, "parameters", "no [[parameters]] to sweep",
                         "add [[parameters]] entries with name, min and max");
    for (const auto& item : *params->as_array()) read_parameter(r, *item.as_table(), spec, item);
    if (spec.model == SweepModel::ishigami && spec.parameters.size() != 3)
        throw InputError(r.at(*params), "parameters", "the Ishigami function has exactly 3 parameters, x1..x3");
    if (spec.model == SweepModel::gfunction && spec.parameters.size() != spec.gfunction_a.size())
        throw InputError(r.at(*params), "parameters", "the G-function needs one parameter per coefficient in model.a");
    const int d = static_cast<int>(spec.parameters.size());
    if (spec.design == DesignKind::sobol && d > 64)
        throw InputError(r.at(*params), "parameters", "a Sobol' design supports at most 64 parameters");
    if (spec.design == DesignKind::sobol &&
        static_cast<double>(spec.randomisations) * spec.samples * (spec.second_order ? 2 * d + 2 : d + 2) > 2147483647.0)
        throw InputError(r.at(*design_node), "design.samples", "the Sobol' design would have more than 2^31 points",
                         "use fewer samples, randomisations or parameters");
    if (spec.design == DesignKind::grid) {
        double points = 1;
        for (const auto& p : spec.parameters)
            points *= p.distribution == Distribution::discrete ? static_cast<double>(p.values.size()) : spec.levels;
        if (points > 1e7)
            throw InputError(r.at(*design_node), "design.levels", "the grid would have more than 10 million points",
                             "use fewer levels, or a latin_hypercube or sobol design");
    }

    // [[outputs]]
    const toml::node* outputs = table.get("outputs");
    if (spec.model == SweepModel::livelihood) {
        if (!outputs || !outputs->is_array_of_tables() || outputs->as_array()->empty())
            throw InputError({path, outputs ? r.at(*outputs).line : 0, 0}, "outputs", "no [[outputs]] listed",
                             "e.g. [[outputs]] name = \"poverty_headcount\", statistic = \"mean_last_months\", months = 12");
        for (const auto& item : *outputs->as_array()) read_output(r, *item.as_table(), spec, item);
    } else {
        if (outputs) throw InputError(r.at(*outputs), "outputs", "test models have one output, y");
        SweepOutput y;
        y.output = "y";
        y.kind = StatisticKind::value;
        y.label = "y";
        y.description = std::string("value of the ") + to_string(spec.model) + " function";
        spec.outputs.push_back(y);
    }
    if (const toml::node* ts = table.get("timeseries")) {
        spec.timeseries_where = r.at(*ts);
        if (spec.model != SweepModel::livelihood)
            throw InputError(r.at(*ts), "timeseries", "test models have no time series");
        if (!ts->is_array()) throw InputError(r.at(*ts), "timeseries", "expected a list of output names");
        for (const auto& item : *ts->as_array()) {
            auto s = item.value<std::string>();
            if (!s) throw InputError(r.at(item), "timeseries", "expected an output name");
            spec.timeseries.push_back(*s);
        }
    }
    return spec;
}

}  // namespace asmsim
