#include "sweep/test_functions.hpp"

#include <cmath>
#include <numbers>

namespace asmsim {

double ishigami(const std::vector<double>& x, double a, double b) {
    const double s1 = std::sin(x[0]), s2 = std::sin(x[1]);
    return s1 + a * s2 * s2 + b * std::pow(x[2], 4) * s1;
}

double gfunction(const std::vector<double>& x, const std::vector<double>& a) {
    double y = 1.0;
    for (std::size_t i = 0; i < x.size(); ++i) y *= (std::abs(4.0 * x[i] - 2.0) + a[i]) / (1.0 + a[i]);
    return y;
}

AnalyticIndices ishigami_indices(double a, double b) {
    const double pi = std::numbers::pi;
    const double pi4 = std::pow(pi, 4), pi8 = pi4 * pi4;
    const double v1 = 0.5 * std::pow(1.0 + b * pi4 / 5.0, 2);
    const double v2 = a * a / 8.0;
    const double v13 = b * b * pi8 * (1.0 / 18.0 - 1.0 / 50.0);
    const double v = v1 + v2 + v13;
    return {{v1 / v, v2 / v, 0.0}, {(v1 + v13) / v, v2 / v, v13 / v}};
}

AnalyticIndices gfunction_indices(const std::vector<double>& a) {
    std::vector<double> vi;
    double product = 1.0;
    for (double ai : a) {
        vi.push_back(1.0 / (3.0 * (1.0 + ai) * (1.0 + ai)));
        product *= 1.0 + vi.back();
    }
    const double v = product - 1.0;
    AnalyticIndices out;
    for (double x : vi) {
        out.first_order.push_back(x / v);
        out.total.push_back(x * (product / (1.0 + x)) / v);
    }
    return out;
}

}  // namespace asmsim
