#include "experiment/statistics.hpp"

#include <cmath>

namespace asmsim {

double student_t_975(int df) {
    // Exact table to 30 degrees of freedom, then the normal approximation with a 1/df correction.
    static const double table[] = {0,     12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                                   2.201, 2.179,  2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
                                   2.080, 2.074,  2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
    if (df < 1) return 0.0;
    if (df <= 30) return table[df];
    return 1.959964 + 2.37 / df;
}

MeanInterval mean_ci95(const std::vector<double>& values) {
    MeanInterval out;
    out.n = static_cast<int>(values.size());
    if (values.empty()) return out;
    double sum = 0.0;
    for (double v : values) sum += v;
    out.mean = sum / out.n;
    if (out.n < 2) return out;
    double squares = 0.0;
    for (double v : values) squares += (v - out.mean) * (v - out.mean);
    const double sd = std::sqrt(squares / (out.n - 1));
    out.half_width_95 = student_t_975(out.n - 1) * sd / std::sqrt(static_cast<double>(out.n));
    return out;
}

}  // namespace asmsim
