#include "sweep/design.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include <boost/random/uniform_01.hpp>
#include <boost/random/uniform_int_distribution.hpp>

#include "core/sequential_stream.hpp"
#include "sweep/sobol_sequence.hpp"

namespace asmsim {

double parameter_value(const SweptParameter& p, double unit) {
    double value = 0.0;
    switch (p.distribution) {
        case Distribution::uniform: value = p.min + unit * (p.max - p.min); break;
        case Distribution::log_uniform: value = std::exp(std::log(p.min) + unit * (std::log(p.max) - std::log(p.min))); break;
        case Distribution::discrete: {
            const auto n = p.values.size();
            const auto k = std::min(n - 1, static_cast<std::size_t>(std::max(0.0, std::floor(unit * static_cast<double>(n)))));
            value = p.values[k];
            break;
        }
    }
    value = std::clamp(value, p.min, p.max);  // exp/log round-off must not leave the valid range
    return p.integer ? std::round(value) : value;
}

namespace {

SequentialEngine design_stream(std::uint64_t seed, const char* what) {
    return make_sequential_stream(StreamKey{seed, "sweep_design", 0}, what);
}

// Fisher-Yates with Boost's distribution: the same permutation on every platform.
std::vector<int> permutation(int n, SequentialEngine& engine) {
    std::vector<int> order(static_cast<std::size_t>(n));
    std::iota(order.begin(), order.end(), 0);
    for (int i = n - 1; i > 0; --i) {
        boost::random::uniform_int_distribution<int> pick(0, i);
        std::swap(order[static_cast<std::size_t>(i)], order[static_cast<std::size_t>(pick(engine))]);
    }
    return order;
}

void grid(const SweepSpec& spec, Design& design) {
    const int d = design.parameters;
    std::vector<int> levels;
    for (const auto& p : spec.parameters)
        levels.push_back(p.distribution == Distribution::discrete ? static_cast<int>(p.values.size()) : spec.levels);
    int points = 1;
    for (int l : levels) points *= l;
    design.points = points;
    for (int point = 0; point < points; ++point) {
        int rest = point;
        std::vector<double> row(static_cast<std::size_t>(d));
        for (int j = d - 1; j >= 0; --j) {
            const int l = levels[static_cast<std::size_t>(j)];
            const int k = rest % l;
            rest /= l;
            const bool discrete = spec.parameters[static_cast<std::size_t>(j)].distribution == Distribution::discrete;
            row[static_cast<std::size_t>(j)] = discrete ? (k + 0.5) / l : static_cast<double>(k) / (l - 1);
        }
        design.unit.insert(design.unit.end(), row.begin(), row.end());
    }
}

void latin_hypercube(const SweepSpec& spec, std::uint64_t seed, Design& design) {
    const int n = spec.samples, d = design.parameters;
    design.points = n;
    design.unit.assign(static_cast<std::size_t>(n) * d, 0.0);
    SequentialEngine engine = design_stream(seed, "latin_hypercube");
    boost::random::uniform_01<double> uniform;
    for (int j = 0; j < d; ++j) {
        const std::vector<int> stratum = permutation(n, engine);
        for (int i = 0; i < n; ++i)
            design.unit[static_cast<std::size_t>(i) * d + j] = (stratum[static_cast<std::size_t>(i)] + uniform(engine)) / n;
    }
}

void saltelli(const SweepSpec& spec, std::uint64_t seed, Design& design) {
    const int n = spec.samples, d = design.parameters, R = spec.randomisations;
    const int blocks = spec.second_order ? 2 * d + 2 : d + 2;
    design.base_samples = n;
    design.randomisations = R;
    design.blocks = blocks;
    design.points = R * n * blocks;
    design.unit.reserve(static_cast<std::size_t>(design.points) * d);
    const SobolSequence sequence(2 * d);
    for (int r = 0; r < R; ++r) {
        // Scramble r from its own stream: the same scrambles whatever R, threads or shards.
        SequentialEngine engine = make_sequential_stream(StreamKey{seed, "sweep_design", static_cast<std::uint64_t>(r)}, "sobol_scramble");
        boost::random::uniform_int_distribution<std::uint32_t> word(0, 0xFFFFFFFFu);
        const SobolSequence scrambled = sequence.scrambled(SobolSequence::draw_scramble(2 * d, [&] { return word(engine); }));
        for (int j = 0; j < n; ++j) {
            // Points 0 .. N-1 of the scrambled sequence: with N a power of 2 they are a (t, m, 2d)-net,
            // the structure the scramble randomises (dropping points would break it: Owen 2022).
            const std::vector<double> x = scrambled.point(static_cast<std::uint64_t>(j));
            const std::vector<double> a(x.begin(), x.begin() + d), b(x.begin() + d, x.end());
            for (int k = 0; k < blocks; ++k) {
                std::vector<double> row;
                if (k == 0) {
                    row = a;  // A
                } else if (k <= d) {
                    row = a;  // AB_i: A with column i from B
                    row[static_cast<std::size_t>(k - 1)] = b[static_cast<std::size_t>(k - 1)];
                } else if (k == blocks - 1) {
                    row = b;  // B, always the last block (SALib's order)
                } else {
                    row = b;  // BA_i: B with column i from A
                    row[static_cast<std::size_t>(k - d - 1)] = a[static_cast<std::size_t>(k - d - 1)];
                }
                design.unit.insert(design.unit.end(), row.begin(), row.end());
                design.group.push_back(r * n + j);
                design.block.push_back(k);
                design.randomisation.push_back(r);
            }
        }
    }
}

void morris(const SweepSpec& spec, std::uint64_t seed, Design& design) {
    const int d = design.parameters, p = spec.levels, r = spec.trajectories;
    if (p % 2 != 0) throw std::invalid_argument("a Morris design needs an even number of levels");
    const double delta = p / (2.0 * (p - 1));
    design.morris_delta = delta;
    design.blocks = d + 1;
    design.points = r * (d + 1);
    SequentialEngine engine = design_stream(seed, "morris");
    // Base values on the levels 0, 1/(p-1), ..., that leave room for a step of +delta.
    boost::random::uniform_int_distribution<int> base_level(0, p / 2 - 1);
    boost::random::uniform_int_distribution<int> coin(0, 1);
    for (int t = 0; t < r; ++t) {
        std::vector<double> x(static_cast<std::size_t>(d));
        std::vector<double> step(static_cast<std::size_t>(d));
        for (int i = 0; i < d; ++i) {
            const double base = static_cast<double>(base_level(engine)) / (p - 1);
            const bool up = coin(engine) == 1;
            x[static_cast<std::size_t>(i)] = up ? base : base + delta;
            step[static_cast<std::size_t>(i)] = up ? delta : -delta;
        }
        const std::vector<int> order = permutation(d, engine);
        for (int k = 0; k <= d; ++k) {
            int changed = -1;
            if (k > 0) {
                changed = order[static_cast<std::size_t>(k - 1)];
                x[static_cast<std::size_t>(changed)] += step[static_cast<std::size_t>(changed)];
            }
            design.unit.insert(design.unit.end(), x.begin(), x.end());
            design.group.push_back(t);
            design.block.push_back(k);
            design.changed.push_back(changed);
        }
    }
}

}  // namespace

std::uint64_t design_point_count(const SweepSpec& spec) {
    const std::uint64_t d = spec.parameters.size();
    std::uint64_t points = 1;
    const auto times = [&points](std::uint64_t factor) {
        points = factor != 0 && points > UINT64_MAX / factor ? UINT64_MAX : points * factor;
    };
    switch (spec.design) {
        case DesignKind::grid:
            for (const auto& p : spec.parameters)
                times(p.distribution == Distribution::discrete ? p.values.size() : static_cast<std::uint64_t>(spec.levels));
            break;
        case DesignKind::latin_hypercube: times(static_cast<std::uint64_t>(spec.samples)); break;
        case DesignKind::sobol:
            times(static_cast<std::uint64_t>(spec.randomisations));
            times(static_cast<std::uint64_t>(spec.samples));
            times(spec.second_order ? 2 * d + 2 : d + 2);
            break;
        case DesignKind::morris:
            times(static_cast<std::uint64_t>(spec.trajectories));
            times(d + 1);
            break;
    }
    return points;
}

Design make_design(const SweepSpec& spec, std::uint64_t seed) {
    Design design;
    design.kind = spec.design;
    design.parameters = static_cast<int>(spec.parameters.size());
    switch (spec.design) {
        case DesignKind::grid: grid(spec, design); break;
        case DesignKind::latin_hypercube: latin_hypercube(spec, seed, design); break;
        case DesignKind::sobol: saltelli(spec, seed, design); break;
        case DesignKind::morris: morris(spec, seed, design); break;
    }
    if (design.group.empty()) {
        design.group.resize(static_cast<std::size_t>(design.points));
        std::iota(design.group.begin(), design.group.end(), 0);
        design.block.assign(static_cast<std::size_t>(design.points), 0);
    }
    if (design.changed.empty()) design.changed.assign(static_cast<std::size_t>(design.points), -1);
    if (design.randomisation.empty()) design.randomisation.assign(static_cast<std::size_t>(design.points), 0);
    design.values.resize(design.unit.size());
    for (int i = 0; i < design.points; ++i)
        for (int j = 0; j < design.parameters; ++j)
            design.values[static_cast<std::size_t>(i) * design.parameters + j] =
                parameter_value(spec.parameters[static_cast<std::size_t>(j)], design.unit_at(i, j));
    return design;
}

}  // namespace asmsim
