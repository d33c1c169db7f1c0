#include "calibration/calibration_spec.hpp"

#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <toml++/toml.h>

#include "experiment/assembly.hpp"
#include "scenario/toml_file.hpp"

namespace asmsim {

namespace fs = std::filesystem;

const char* to_string(Aggregation aggregation) {
    switch (aggregation) {
        case Aggregation::mean: return "mean";
        case Aggregation::sum: return "sum";
        case Aggregation::min: return "min";
        case Aggregation::max: return "max";
    }
    return "?";
}

namespace {

std::string joined(const std::set<std::string>& items, const char* separator) {
    std::string list;
    for (const auto& item : items) list += (list.empty() ? "" : separator) + item;
    return list;
}

using Reader = TomlReader;  // keeps the calibration file's path for every error

// The keys of each prior's shape (besides min and max, which every prior needs).
const std::map<std::string, std::pair<std::string, std::string>>& prior_keys() {
    static const std::map<std::string, std::pair<std::string, std::string>> keys = {
        {"uniform", {"", ""}}, {"normal", {"mean", "sd"}}, {"lognormal", {"mu", "sigma"}},
        {"beta", {"alpha", "beta"}}, {"gamma", {"shape", "scale"}}};
    return keys;
}

void read_parameter(const Reader& r, const toml::table& t, CalibrationSpec& spec, const toml::node& entry) {
    r.only(t, "parameters.", {"name", "prior", "min", "max", "mean", "sd", "mu", "sigma", "alpha", "beta", "shape", "scale"});
    CalibratedParameter p;
    p.where = r.at(entry);
    const toml::node* name = t.get("name");
    if (!name || !name->is_string())
        throw InputError(p.where, "parameters.name", "each [[parameters]] entry needs a name",
                         "e.g. name = \"formalisation.licence_fee_usd\"");
    p.name = *name->value<std::string>();
    p.where = r.at(*name);
    const ParamSpec* schema = model_schema().find(p.name);
    if (!schema) {
        auto near = model_schema().nearest(p.name, 1);
        throw InputError(p.where, p.name, "not a model parameter",
                         near.empty() ? "run 'asmsim params' to list them" : "did you mean '" + near.front() + "'?");
    }
    if (schema->type != ParamType::real)
        throw InputError(p.where, p.name, "only real parameters can be calibrated", "fix integer and text parameters in [model] set");
    for (const auto& other : spec.parameters)
        if (other.name == p.name) throw InputError(p.where, p.name, "parameter listed twice");
    p.units = schema->unit;

    const std::string kind = r.text(t, "parameters.", "prior", "", {"uniform", "normal", "lognormal", "beta", "gamma"});
    if (kind.empty())
        throw InputError(p.where, p.name + ".prior", "missing", "prior = \"uniform\" | \"normal\" | \"lognormal\" | \"beta\" | \"gamma\"");
    p.prior.kind = kind == "uniform" ? PriorKind::uniform : kind == "normal" ? PriorKind::normal
                   : kind == "lognormal" ? PriorKind::lognormal : kind == "beta" ? PriorKind::beta : PriorKind::gamma;
    const auto& [key_a, key_b] = prior_keys().at(kind);
    for (const auto& [other, keys] : prior_keys())
        for (const std::string& key : {keys.first, keys.second})
            if (!key.empty() && key != key_a && key != key_b && t.get(key))
                throw InputError(r.at(*t.get(key)), p.name + "." + key, "not a parameter of a " + kind + " prior",
                                 key_a.empty() ? "a uniform prior takes only min and max" : "a " + kind + " prior takes " + key_a + " and " + key_b);
    const toml::node* lo = t.get("min");
    const toml::node* hi = t.get("max");
    if (!lo || !hi)
        throw InputError(p.where, p.name + (lo ? ".max" : ".min"), "missing: every prior needs bounds min and max",
                         "the valid range is " + schema->range_text());
    p.prior.lower = r.real(*lo, p.name + ".min");
    p.prior.upper = r.real(*hi, p.name + ".max");
    if (!(p.prior.lower < p.prior.upper))
        throw InputError(r.at(*hi), p.name + ".max",
                         "max (" + std::to_string(p.prior.upper) + ") must be greater than min (" + std::to_string(p.prior.lower) + ")",
                         "swap min and max?");
    if (p.prior.lower < schema->min || p.prior.upper > schema->max)
        throw InputError(r.at(*lo), p.name + ".min",
                         "bounds [" + to_toml_literal(ParamValue{p.prior.lower}) + ", " + to_toml_literal(ParamValue{p.prior.upper}) +
                             "] leave the valid range " + schema->range_text(),
                         "keep min and max inside " + schema->range_text());
    if (!key_a.empty()) {
        for (const std::string& key : {key_a, key_b})
            if (!t.get(key))
                throw InputError(p.where, p.name + "." + key, "missing: a " + kind + " prior needs " + key_a + " and " + key_b);
        p.prior.a = r.real(*t.get(key_a), p.name + "." + key_a);
        p.prior.b = r.real(*t.get(key_b), p.name + "." + key_b);
        const bool first_positive = p.prior.kind == PriorKind::beta || p.prior.kind == PriorKind::gamma;
        if (first_positive && !(p.prior.a > 0))
            throw InputError(r.at(*t.get(key_a)), p.name + "." + key_a, "must be positive");
        if (!(p.prior.b > 0)) throw InputError(r.at(*t.get(key_b)), p.name + "." + key_b, "must be positive");
    }
    if ((p.prior.kind == PriorKind::lognormal || p.prior.kind == PriorKind::gamma) && p.prior.lower < 0)
        throw InputError(r.at(*lo), p.name + ".min", "a " + kind + " prior needs min >= 0");
    if (!(p.prior.mass() > 1e-12))
        throw InputError(p.where, p.name, "the " + kind + " prior puts (almost) no probability between min and max",
                         "move the bounds towards the distribution's bulk, or change its parameters");
    spec.parameters.push_back(p);
}

// Splits one CSV line into fields (RFC 4180 quoting: "a, b" and "" inside quotes); `columns`
// gets each field's 1-based column.
std::vector<std::string> split_csv(const std::string& line, const std::string& path, int line_number, std::vector<int>& columns) {
    std::vector<std::string> fields(1);
    columns.assign(1, 1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') fields.back() += '"', ++i;
            else if (c == '"') quoted = false;
            else fields.back() += c;
        } else if (c == '"' && fields.back().empty()) {
            quoted = true;
        } else if (c == ',') {
            fields.emplace_back();
            columns.push_back(static_cast<int>(i) + 2);
        } else {
            fields.back() += c;
        }
    }
    if (quoted)
        throw InputError({path, line_number, columns.back()}, "", "a quoted field is not closed", "close it with \" before the end of the line");
    for (auto& f : fields) {  // spaces around unquoted fields do not count
        const auto first = f.find_first_not_of(" \t"), last = f.find_last_not_of(" \t");
        f = first == std::string::npos ? "" : f.substr(first, last - first + 1);
    }
    return fields;
}

const std::vector<std::string> target_columns = {"name", "output", "group", "months", "aggregation", "observed", "uncertainty", "source"};

bool parse_int(const std::string& text, int& value) {
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, value);
    return ec == std::errc() && ptr == end && value >= 0;
}

bool parse_real(const std::string& text, double& value) {
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, value);
    return ec == std::errc() && ptr == end && std::isfinite(value);
}

}  // namespace

std::vector<Target> load_targets(const std::string& path, const std::string& text) {
    std::vector<Target> targets;
    std::istringstream in(text);
    std::string line;
    int number = 0;
    bool header = false;
    std::string header_text;
    for (const auto& c : target_columns) header_text += (header_text.empty() ? "" : ",") + c;
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos || line[line.find_first_not_of(" \t")] == '#') continue;
        std::vector<int> col;
        const std::vector<std::string> f = split_csv(line, path, number, col);
        if (!header) {
            if (f != target_columns)
                throw InputError({path, number, 1}, "header", "the header must be " + header_text,
                                 "one row per target below it; lines starting with # are comments");
            header = true;
            continue;
        }
        if (f.size() != target_columns.size())
            throw InputError({path, number, col.back()}, "", "expected " + std::to_string(target_columns.size()) + " fields (" +
                                                                 header_text + "), found " + std::to_string(f.size()),
                             "quote a field that holds a comma: \"World Bank, 2024\"");
        auto where = [&](std::size_t i) { return SourceLocation{path, number, col[i]}; };
        Target t;
        t.where = {path, number, 1};
        t.name = f[0];
        t.output = f[1];
        t.group = f[2];
        t.months = f[3];
        t.source = f[7];
        t.output_column = col[1];
        t.group_column = col[2];
        t.months_column = col[3];
        if (t.name.empty()) throw InputError(where(0), "name", "a target needs a name", "e.g. formal_share_last_year");
        for (const auto& other : targets)
            if (other.name == t.name)
                throw InputError(where(0), "name", "target '" + t.name + "' is listed twice (first on line " + std::to_string(other.where.line) + ")");
        if (t.output.empty()) throw InputError(where(1), "output", "a target needs a model output", "run 'asmsim outputs' to list them");
        // months
        const std::string& m = t.months;
        const auto colon = m.find(':');
        bool ok = true;
        if (m == "all") {
            t.first_month = 0, t.last_month = -1;
        } else if (m.rfind("last:", 0) == 0) {
            ok = parse_int(m.substr(5), t.last_n) && t.last_n > 0;
        } else if (colon != std::string::npos) {
            ok = parse_int(m.substr(0, colon), t.first_month) && parse_int(m.substr(colon + 1), t.last_month) &&
                 t.first_month <= t.last_month;
        } else {
            ok = parse_int(m, t.first_month);
            t.last_month = t.first_month;
        }
        if (!ok)
            throw InputError(where(3), "months", "'" + m + "' is not a set of months",
                             "all | last:N (the last N months) | A:B (months A to B, 0-based, inclusive) | M (one month)");
        const std::set<std::string> aggregations = {"mean", "sum", "min", "max"};
        if (!aggregations.count(f[4]))
            throw InputError(where(4), "aggregation", "'" + f[4] + "' is not an aggregation", "choose one of " + joined(aggregations, " | "));
        t.aggregation = f[4] == "mean" ? Aggregation::mean : f[4] == "sum" ? Aggregation::sum : f[4] == "min" ? Aggregation::min : Aggregation::max;
        if (!parse_real(f[5], t.observed))
            throw InputError(where(5), "observed", "'" + f[5] + "' is not a number", "write it plainly, e.g. 0.15 or 1.2e3");
        if (!parse_real(f[6], t.uncertainty) || !(t.uncertainty > 0))
            throw InputError(where(6), "uncertainty", "'" + f[6] + "' is not a positive number",
                             "the observed value's standard error (or the tolerance you accept), in the output's units");
        targets.push_back(t);
    }
    if (!header) throw InputError({path, 0, 0}, "header", "the targets file is empty", "its first line must be " + header_text);
    if (targets.empty()) throw InputError({path, number, 0}, "", "the targets file has no targets", "add one row per target");
    return targets;
}

bool is_calibration_file(const std::string& path) { return toml_file_has_key(path, "targets"); }

CalibrationSpec load_calibration(const std::string& path, const std::vector<std::string>& sets) {
    CalibrationSpec spec;
    spec.path = path;
    TomlFile file = read_toml_file(path, "calibration file");
    spec.toml = std::move(file.text);
    const toml::table& table = file.table;
    const Reader r(path);
    r.only(table, "", {"name", "description", "seed", "targets", "model", "method", "parameters"});
    spec.name = r.text(table, "", "name", fs::path(path).stem().string());
    spec.description = r.text(table, "", "description", "");
    spec.seed = r.integer(table, "", "seed", -1, 0, 9'007'199'254'740'992);
    auto resolve = [&](const std::string& file_name) {
        const fs::path p = fs::path(file_name).is_absolute() ? fs::path(file_name) : fs::path(path).parent_path() / file_name;
        return p.lexically_normal().string();
    };

    // [model]
    const toml::node* model_node = table.get("model");
    if (!model_node || !model_node->is_table())
        throw InputError({path, model_node ? r.at(*model_node).line : 0, 0}, "model", "missing [model] table",
                         "e.g. [model] scenario = \"../baseline.toml\"");
    const toml::table& model = *model_node->as_table();
    r.only(model, "model.", {"scenario", "set"});
    spec.scenario = r.base_scenario(model, *model_node, "a calibration needs a base scenario", "calibration file", spec.fixed_sets);
    spec.fixed_sets.insert(spec.fixed_sets.end(), sets.begin(), sets.end());

    // [method]
    if (const toml::node* method_node = table.get("method")) {
        if (!method_node->is_table()) throw InputError(r.at(*method_node), "method", "expected a table");
        const toml::table& method = *method_node->as_table();
        r.only(method, "method.", {"kind", "particles", "quantile", "min_tolerance", "min_acceptance", "max_generations", "budget"});
        spec.method = r.text(method, "method.", "kind", "abc_smc", {"abc_smc"});
        spec.abc.particles = static_cast<int>(r.integer(method, "method.", "particles", spec.abc.particles, 2, 1'000'000));
        spec.abc.quantile = r.real(method, "method.", "quantile", spec.abc.quantile, 0.01, 0.99);
        spec.abc.min_tolerance = r.real(method, "method.", "min_tolerance", spec.abc.min_tolerance, 0.0, 1e300);
        spec.abc.min_acceptance = r.real(method, "method.", "min_acceptance", spec.abc.min_acceptance, 0.0, 1.0);
        spec.abc.max_generations = static_cast<int>(r.integer(method, "method.", "max_generations", spec.abc.max_generations, 1, 1000));
        spec.abc.budget = r.integer(method, "method.", "budget", spec.abc.budget, 1, std::int64_t{1} << 40);
    }

    // [[parameters]]
    const toml::node* parameters = table.get("parameters");
    if (!parameters || !parameters->is_array_of_tables() || parameters->as_array()->empty())
        throw InputError({path, parameters ? r.at(*parameters).line : 0, 0}, "parameters", "no [[parameters]] to calibrate",
                         "add [[parameters]] name = \"...\", prior = \"uniform\", min = ..., max = ...");
    for (const auto& entry : *parameters->as_array()) read_parameter(r, *entry.as_table(), spec, entry);

    // targets
    const toml::node* targets = table.get("targets");
    if (!targets || !targets->is_string())
        throw InputError({path, targets ? r.at(*targets).line : 0, 0}, "targets", "a calibration needs a targets file",
                         "e.g. targets = \"targets.csv\" (relative to the calibration file)");
    spec.targets_path = resolve(*targets->value<std::string>());
    require_input_file(spec.targets_path, "targets file", max_csv_bytes, r.at(*targets), "targets");
    {
        std::ifstream in(spec.targets_path, std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        spec.targets_csv = text.str();
    }
    spec.targets = load_targets(spec.targets_path, spec.targets_csv);
    return spec;
}

}  // namespace asmsim
