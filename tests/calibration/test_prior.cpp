// Priors: truncated densities and quantiles against Boost.Math, draws inside the bounds.
#include <catch2/catch.hpp>

#include <cmath>

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>

#include "calibration/prior.hpp"

using namespace asmsim;

namespace {
Prior make(PriorKind kind, double a, double b, double lower, double upper) {
    Prior p;
    p.kind = kind;
    p.a = a;
    p.b = b;
    p.lower = lower;
    p.upper = upper;
    return p;
}

// The density integrates to one over the bounds (trapezoid rule on a fine grid).
double integral(const Prior& p) {
    const int n = 20000;
    const double h = (p.upper - p.lower) / n;
    double sum = 0.5 * (p.density(p.lower) + p.density(p.upper));
    for (int i = 1; i < n; ++i) sum += p.density(p.lower + i * h);
    return sum * h;
}
}  // namespace

TEST_CASE("Truncated prior densities are Boost.Math's divided by the mass inside the bounds", "[calibration][prior]") {
    namespace bm = boost::math;
    const Prior normal = make(PriorKind::normal, 0.3, 0.2, 0.0, 1.0);
    const double normal_mass = bm::cdf(bm::normal(0.3, 0.2), 1.0) - bm::cdf(bm::normal(0.3, 0.2), 0.0);
    CHECK(normal.density(0.5) == Approx(bm::pdf(bm::normal(0.3, 0.2), 0.5) / normal_mass).epsilon(1e-12));

    const Prior lognormal = make(PriorKind::lognormal, 0.0, 0.5, 0.1, 5.0);
    const bm::lognormal ln(0.0, 0.5);
    CHECK(lognormal.density(1.3) == Approx(bm::pdf(ln, 1.3) / (bm::cdf(ln, 5.0) - bm::cdf(ln, 0.1))).epsilon(1e-12));

    const Prior beta = make(PriorKind::beta, 2.0, 5.0, 10.0, 30.0);  // stretched to [10, 30]
    CHECK(beta.density(15.0) == Approx(bm::pdf(bm::beta_distribution<>(2.0, 5.0), 0.25) / 20.0).epsilon(1e-12));

    const Prior gamma = make(PriorKind::gamma, 2.0, 3.0, 0.0, 20.0);
    const bm::gamma_distribution<> g(2.0, 3.0);
    CHECK(gamma.density(4.0) == Approx(bm::pdf(g, 4.0) / bm::cdf(g, 20.0)).epsilon(1e-12));

    const Prior uniform = make(PriorKind::uniform, 0, 0, 2.0, 6.0);
    CHECK(uniform.density(3.0) == Approx(0.25));

    for (const Prior* p : {&normal, &lognormal, &beta, &gamma, &uniform}) {
        CHECK(p->density(p->lower - 1e-9) == 0.0);
        CHECK(p->density(p->upper + 1e-9) == 0.0);
        CHECK(integral(*p) == Approx(1.0).epsilon(1e-4));
    }
}

TEST_CASE("Prior quantiles invert the truncated cdf and stay inside the bounds", "[calibration][prior]") {
    namespace bm = boost::math;
    const Prior normal = make(PriorKind::normal, 0.3, 0.2, 0.0, 1.0);
    const bm::normal n(0.3, 0.2);
    const double lo = bm::cdf(n, 0.0), hi = bm::cdf(n, 1.0);
    for (double u : {0.0, 0.1, 0.5, 0.9, 1.0}) {
        const double x = normal.quantile(u);
        CHECK(x >= 0.0);
        CHECK(x <= 1.0);
        CHECK((bm::cdf(n, x) - lo) / (hi - lo) == Approx(u).margin(1e-9));
    }
    const Prior beta = make(PriorKind::beta, 2.0, 2.0, 0.1, 0.9);
    CHECK(beta.quantile(0.5) == Approx(0.5).epsilon(1e-12));  // symmetric
    const Prior gamma = make(PriorKind::gamma, 2.0, 3.0, 1.0, 4.0);
    for (double u : {0.0, 0.3, 1.0}) CHECK((gamma.quantile(u) >= 1.0 && gamma.quantile(u) <= 4.0));
}
