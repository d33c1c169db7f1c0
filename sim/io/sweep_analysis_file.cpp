#include "io/sweep_analysis_file.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "core/input_error.hpp"
#include "io/hdf5.hpp"
#include "io/layout.hpp"

namespace asmsim {

namespace {

// Checks the design columns a sensitivity method indexes with: Sobol' reads N R blocks points by
// base row, Morris reads changed_parameter as a column of unit_sample.
void check_design(const h5::InputFile& file, const SweepForAnalysis& s) {
    const auto points = static_cast<std::int64_t>(s.points), d = static_cast<std::int64_t>(s.parameters);
    if (s.design == "sobol") {
        const std::int64_t blocks = s.second_order ? 2 * d + 2 : d + 2;
        const std::int64_t expected = static_cast<std::int64_t>(s.base_samples) * s.randomisations * blocks;
        if (points != expected)
            file.fail("/design/unit_sample has " + std::to_string(points) + " points, expected " + std::to_string(expected) +
                      " (base_samples " + std::to_string(s.base_samples) + " x randomisations " + std::to_string(s.randomisations) +
                      " x " + std::to_string(blocks) + " blocks, second_order " + (s.second_order ? "1" : "0") + ")");
    }
    if (s.design == "morris") {
        if (points % (d + 1) != 0)
            file.fail("/design/unit_sample has " + std::to_string(points) + " points, expected a multiple of " +
                      std::to_string(d + 1) + " (trajectories of parameters + 1 points)");
        for (std::int64_t p = 0; p < points; ++p) {
            const int c = s.changed[static_cast<std::size_t>(p)];
            const bool start = p % (d + 1) == 0;  // a trajectory's first point changes nothing
            if (start ? c != -1 : (c < 0 || c >= d))
                file.fail("/design/changed_parameter of point " + std::to_string(p) + " is " + std::to_string(c) + ", expected " +
                          (start ? std::string("-1 (a trajectory start)") : "a parameter index from 0 to " + std::to_string(d - 1)));
        }
    }
}

}  // namespace

SweepForAnalysis read_sweep_for_analysis(const std::string& path) {
    const h5::InputFile file(path, {"sweep", "sweep_shard"}, "a sweep file");
    SweepForAnalysis s;
    // Every size below comes from the file itself: unit_sample gives points x parameters, value
    // gives replicates and statistics, and every other dataset must agree with them.
    const std::vector<hsize_t> unit_shape = file.shape("/design/unit_sample", 2);
    const std::vector<hsize_t> value_shape = file.shape("/results/value", 3);
    constexpr hsize_t most = 1u << 30;  // counts held as int
    const hsize_t P = unit_shape[0], D = unit_shape[1], R = value_shape[1], S = value_shape[2];
    if (P > most || D > most || R > most || S > most) file.fail("/results/value has shape too large to be asmsim's");
    if (file.has_attr("/metadata", "points")) {
        const std::int64_t declared = file.int_attr("/metadata", "points", 0, most);
        if (declared != static_cast<std::int64_t>(P))
            file.fail("/design/unit_sample has " + std::to_string(P) + " points, expected " + std::to_string(declared) + " (/metadata@points)");
    }
    file.require_shape("/results/value", {P, R, S});  // its points are unit_sample's
    if (R == 0) file.fail("/results/value has 0 replicates, expected at least 1");
    s.points = static_cast<int>(P);
    s.parameters = static_cast<int>(D);
    s.replicates = static_cast<int>(R);
    s.design = file.text_attr("/design", "kind");
    if (s.design != "grid" && s.design != "latin_hypercube" && s.design != "sobol" && s.design != "morris")
        file.fail("/design@kind is '" + s.design + "', expected grid, latin_hypercube, sobol or morris");
    s.base_samples = static_cast<int>(file.int_attr("/design", "base_samples", 0, most));
    s.second_order = file.int_attr("/design", "second_order", 0, 1) != 0;
    const bool legacy_order = !file.has_attr("/design", "block_order");
    if (file.has_attr("/design", "randomisations"))
        s.randomisations = static_cast<int>(file.int_attr("/design", "randomisations", 1, most));
    s.seed = static_cast<std::uint64_t>(file.int_attr("/metadata", "seed", std::numeric_limits<std::int64_t>::min(),
                                                      std::numeric_limits<std::int64_t>::max()));
    s.parameter_names = file.texts("/design/parameter", D);
    s.statistic_names = file.texts("/results/statistic", S);
    s.statistic_units = file.texts("/results/statistic_units", S);
    s.unit = file.matrix("/design/unit_sample", P, D);
    for (std::int64_t c : file.integers("/design/changed_parameter", P)) {
        if (c < -1 || c >= static_cast<std::int64_t>(D))
            file.fail("/design/changed_parameter holds " + std::to_string(c) + ", expected -1 or a parameter index from 0 to " +
                      std::to_string(static_cast<std::int64_t>(D) - 1));
        s.changed.push_back(static_cast<int>(c));
    }
    for (std::int64_t c : file.integers("/results/status", P)) {
        if (c != 0 && c != 1 && c != 2)
            file.fail("/results/status holds " + std::to_string(c) + ", expected 0 (ran), 1 (failed) or 2 (not run)");
        s.status.push_back(static_cast<int>(c));
    }
    check_design(file, s);
    s.mean.assign(S, std::vector<double>(static_cast<std::size_t>(s.points), std::nan("")));
    const hsize_t block = 4096;  // points read at a time
    for (hsize_t first = 0; first < static_cast<hsize_t>(s.points); first += block) {
        const hsize_t n = std::min<hsize_t>(block, static_cast<hsize_t>(s.points) - first);
        const std::vector<double> v = file.block("/results/value", {first, 0, 0}, {n, R, S});
        for (hsize_t p = 0; p < n; ++p) {
            if (s.status[first + p] != 0) continue;
            for (std::size_t k = 0; k < S; ++k) {
                double sum = 0.0;
                for (hsize_t r = 0; r < R; ++r) sum += v[(p * R + r) * S + k];
                s.mean[k][first + p] = sum / static_cast<double>(R);
            }
        }
    }
    if (s.design == "sobol" && s.second_order && legacy_order) {
        // Old order A, AB_i, B, BA_i -> A, AB_i, BA_i, B.
        const int d = s.parameters, blocks = 2 * d + 2;
        for (auto& y : s.mean)
            for (std::size_t row = 0; row + 1 <= y.size() / blocks; ++row) {
                const auto first = y.begin() + static_cast<std::ptrdiff_t>(row * blocks);
                std::rotate(first + d + 1, first + d + 2, first + blocks);
            }
    }
    return s;
}

namespace {

void write_matrix(hid_t group, const std::string& name, const std::vector<double>& values, hsize_t rows, hsize_t cols,
                  hid_t dim_rows, hid_t dim_cols, const std::string& long_name, const std::string& units = "1") {
    h5::Handle dataset = h5::create_dataset(group, name, H5T_NATIVE_DOUBLE, {rows, cols}, {std::max<hsize_t>(rows, 1), std::max<hsize_t>(cols, 1)},
                                            {dim_rows, dim_cols}, units, long_name);
    if (!values.empty()) h5::write_block(dataset, H5T_NATIVE_DOUBLE, {0, 0}, {rows, cols}, values.data());
}

}  // namespace

void write_analysis(const std::string& path, const SweepForAnalysis& sweep, const SweepAnalysis& analysis) {
    h5::Handle file = h5::open_file_rw(path);
    if (h5::exists(file, "analysis")) h5::check(H5Ldelete(file, "analysis", H5P_DEFAULT), "replace /analysis");
    h5::Handle group = h5::create_group(file, "analysis");
    h5::write_attr(group, "method", analysis.method);
    h5::write_attr(group, "confidence_level", analysis.bootstrap.confidence);
    if (analysis.method == "sobol") {
        h5::write_attr(group, "interval_method",
                       "randomised QMC: Student-t interval over the estimates of the R independently scrambled "
                       "designs (R - 1 degrees of freedom)");
        h5::write_attr(group, "randomisations", static_cast<std::int64_t>(sweep.randomisations));
    } else {
        h5::write_attr(group, "interval_method", "percentile bootstrap over trajectories");
        h5::write_attr(group, "bootstrap_resamples", static_cast<std::int64_t>(analysis.bootstrap.resamples));
        h5::write_attr(group, "bootstrap_seed", static_cast<std::int64_t>(analysis.bootstrap.seed));
    }
    h5::write_attr(group, "replicate_handling", "each point contributes the mean of its replicates");
    h5::Handle dim_statistic = h5::create_text_dimension(group, "statistic", sweep.statistic_names, "summary statistic of a run");
    h5::Handle dim_parameter = h5::create_text_dimension(group, "parameter", sweep.parameter_names, "swept parameter");
    const auto S = static_cast<hsize_t>(sweep.statistic_names.size());
    const auto D = static_cast<hsize_t>(sweep.parameter_names.size());
    const std::string ci = std::string(analysis.method == "sobol" ? " (t interval over randomisations, " : " (bootstrap ") +
                           std::to_string(static_cast<int>(std::lround(analysis.bootstrap.confidence * 100))) + "%)";
    auto collect = [&](auto get) {
        std::vector<double> v;
        for (hsize_t s = 0; s < S; ++s)
            for (hsize_t i = 0; i < D; ++i) v.push_back(get(s, i));
        return v;
    };
    if (analysis.method == "sobol") {
        h5::write_attr(group, "description",
                       "Sobol' indices from Saltelli's scheme: first order by Saltelli et al. (2010), total by Jansen (1999)"
                       + std::string(sweep.second_order ? ", second order by Saltelli (2002)" : "") +
                       "; each index is the mean of its estimates on the R scrambled designs (S1_by_randomisation, ...)");
        auto at = [&](hsize_t s) -> const SobolIndices& { return analysis.sobol[s]; };
        write_matrix(group, "S1", collect([&](hsize_t s, hsize_t i) { return at(s).first_order[i].estimate; }), S, D, dim_statistic, dim_parameter, "first-order Sobol' index");
        write_matrix(group, "S1_low", collect([&](hsize_t s, hsize_t i) { return at(s).first_order[i].low; }), S, D, dim_statistic, dim_parameter, "lower end of S1" + ci);
        write_matrix(group, "S1_high", collect([&](hsize_t s, hsize_t i) { return at(s).first_order[i].high; }), S, D, dim_statistic, dim_parameter, "upper end of S1" + ci);
        write_matrix(group, "ST", collect([&](hsize_t s, hsize_t i) { return at(s).total[i].estimate; }), S, D, dim_statistic, dim_parameter, "total Sobol' index");
        write_matrix(group, "ST_low", collect([&](hsize_t s, hsize_t i) { return at(s).total[i].low; }), S, D, dim_statistic, dim_parameter, "lower end of ST" + ci);
        write_matrix(group, "ST_high", collect([&](hsize_t s, hsize_t i) { return at(s).total[i].high; }), S, D, dim_statistic, dim_parameter, "upper end of ST" + ci);
        {
            // The estimate of every randomisation: (statistic, randomisation, parameter).
            const auto Rn = static_cast<hsize_t>(sweep.randomisations);
            h5::Handle dim_r = h5::create_dimension(group, "randomisation", layout::count_up(sweep.randomisations), "",
                                                    "scramble r of the Sobol' design");
            for (const char* part : {"S1", "ST"}) {
                std::vector<double> v;
                for (hsize_t s = 0; s < S; ++s) {
                    const auto& by = std::string(part) == "S1" ? at(s).first_order_by_randomisation : at(s).total_by_randomisation;
                    for (const auto& row : by) v.insert(v.end(), row.begin(), row.end());
                }
                h5::Handle dataset = h5::create_dataset(group, std::string(part) + "_by_randomisation", H5T_NATIVE_DOUBLE, {S, Rn, D},
                                                        {std::max<hsize_t>(S, 1), std::max<hsize_t>(Rn, 1), std::max<hsize_t>(D, 1)},
                                                        {dim_statistic, dim_r, dim_parameter}, "1",
                                                        std::string(part) + " estimated on randomisation r alone");
                if (!v.empty() && v.size() == S * Rn * D) h5::write_block(dataset, H5T_NATIVE_DOUBLE, {0, 0, 0}, {S, Rn, D}, v.data());
            }
        }
        std::vector<double> rows, variance;
        for (const auto& x : analysis.sobol) {
            rows.push_back(x.rows_used);
            variance.push_back(x.variance);
        }
        h5::Handle used = h5::create_dataset(group, "base_rows_used", H5T_NATIVE_DOUBLE, {S}, {std::max<hsize_t>(S, 1)}, {dim_statistic}, "",
                                             "base rows whose points all ran (rows with a failed point are left out)");
        if (S) h5::write_block(used, H5T_NATIVE_DOUBLE, {0}, {S}, rows.data());
        h5::Handle var = h5::create_dataset(group, "variance", H5T_NATIVE_DOUBLE, {S}, {std::max<hsize_t>(S, 1)}, {dim_statistic}, "",
                                            "variance of the statistic over the A and B points (units: statistic units squared)");
        if (S) h5::write_block(var, H5T_NATIVE_DOUBLE, {0}, {S}, variance.data());
        if (sweep.second_order) {
            h5::Handle dim_parameter2 = h5::create_text_dimension(group, "parameter2", sweep.parameter_names, "second swept parameter");
            for (const char* part : {"S2", "S2_low", "S2_high"}) {
                std::vector<double> v;
                for (hsize_t s = 0; s < S; ++s)
                    for (const auto& x : at(s).second_order)
                        v.push_back(std::string(part) == "S2" ? x.estimate : std::string(part) == "S2_low" ? x.low : x.high);
                h5::Handle dataset = h5::create_dataset(group, part, H5T_NATIVE_DOUBLE, {S, D, D}, {std::max<hsize_t>(S, 1), D, D},
                                                        {dim_statistic, dim_parameter, dim_parameter2}, "1",
                                                        std::string(part) == "S2" ? "second-order Sobol' index (parameter < parameter2; NaN elsewhere)"
                                                                                  : std::string(part) + " of S2" + ci);
                if (!v.empty()) h5::write_block(dataset, H5T_NATIVE_DOUBLE, {0, 0, 0}, {S, D, D}, v.data());
            }
            std::vector<double> v;
            for (hsize_t s = 0; s < S; ++s)
                for (const auto& row : at(s).second_order_by_randomisation) v.insert(v.end(), row.begin(), row.end());
            const auto Rn = static_cast<hsize_t>(sweep.randomisations);
            h5::Handle dim_r = h5::open_dataset(group, "randomisation");
            h5::Handle dataset = h5::create_dataset(group, "S2_by_randomisation", H5T_NATIVE_DOUBLE, {S, Rn, D, D},
                                                    {std::max<hsize_t>(S, 1), std::max<hsize_t>(Rn, 1), D, D},
                                                    {dim_statistic, dim_r, dim_parameter, dim_parameter2}, "1",
                                                    "S2 estimated on randomisation r alone (parameter < parameter2; NaN elsewhere)");
            if (!v.empty() && v.size() == S * Rn * D * D) h5::write_block(dataset, H5T_NATIVE_DOUBLE, {0, 0, 0, 0}, {S, Rn, D, D}, v.data());
        }
    } else {
        h5::write_attr(group, "description",
                       "Morris elementary effects per unit change of the parameter's unit coordinate: mu, mu_star = mean |EE| "
                       "(Campolongo et al. 2007), sigma (standard deviation)");
        auto at = [&](hsize_t s) -> const MorrisIndices& { return analysis.morris[s]; };
        const std::string per_unit = " (units: the statistic's units per unit coordinate)";
        write_matrix(group, "mu", collect([&](hsize_t s, hsize_t i) { return at(s).mu[i]; }), S, D, dim_statistic, dim_parameter, "mean elementary effect" + per_unit, "");
        write_matrix(group, "mu_star", collect([&](hsize_t s, hsize_t i) { return at(s).mu_star[i].estimate; }), S, D, dim_statistic, dim_parameter, "mean absolute elementary effect" + per_unit, "");
        write_matrix(group, "mu_star_low", collect([&](hsize_t s, hsize_t i) { return at(s).mu_star[i].low; }), S, D, dim_statistic, dim_parameter, "lower end of mu_star" + ci + per_unit, "");
        write_matrix(group, "mu_star_high", collect([&](hsize_t s, hsize_t i) { return at(s).mu_star[i].high; }), S, D, dim_statistic, dim_parameter, "upper end of mu_star" + ci + per_unit, "");
        write_matrix(group, "sigma", collect([&](hsize_t s, hsize_t i) { return at(s).sigma[i]; }), S, D, dim_statistic, dim_parameter, "standard deviation of the elementary effects" + per_unit, "");
    }
    h5::flush(file);
}

}  // namespace asmsim
