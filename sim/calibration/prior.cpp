#include "calibration/prior.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>

namespace asmsim {

namespace {

namespace bm = boost::math;

// The untruncated distribution's cdf, pdf and quantile, on the parameter's own scale.
double cdf_of(const Prior& p, double x) {
    switch (p.kind) {
        case PriorKind::uniform: return std::clamp((x - p.lower) / (p.upper - p.lower), 0.0, 1.0);
        case PriorKind::normal: return bm::cdf(bm::normal(p.a, p.b), x);
        case PriorKind::lognormal: return x <= 0 ? 0.0 : bm::cdf(bm::lognormal(p.a, p.b), x);
        case PriorKind::beta: return bm::cdf(bm::beta_distribution<>(p.a, p.b), std::clamp((x - p.lower) / (p.upper - p.lower), 0.0, 1.0));
        case PriorKind::gamma: return x <= 0 ? 0.0 : bm::cdf(bm::gamma_distribution<>(p.a, p.b), x);
    }
    return 0.0;
}

double pdf_of(const Prior& p, double x) {
    switch (p.kind) {
        case PriorKind::uniform: return 1.0 / (p.upper - p.lower);
        case PriorKind::normal: return bm::pdf(bm::normal(p.a, p.b), x);
        case PriorKind::lognormal: return x <= 0 ? 0.0 : bm::pdf(bm::lognormal(p.a, p.b), x);
        case PriorKind::beta: {
            const double width = p.upper - p.lower;
            return bm::pdf(bm::beta_distribution<>(p.a, p.b), std::clamp((x - p.lower) / width, 0.0, 1.0)) / width;
        }
        case PriorKind::gamma: return x < 0 ? 0.0 : bm::pdf(bm::gamma_distribution<>(p.a, p.b), x);
    }
    return 0.0;
}

double quantile_of(const Prior& p, double u) {
    switch (p.kind) {
        case PriorKind::uniform: return p.lower + u * (p.upper - p.lower);
        case PriorKind::normal: return bm::quantile(bm::normal(p.a, p.b), u);
        case PriorKind::lognormal: return bm::quantile(bm::lognormal(p.a, p.b), u);
        case PriorKind::beta: return p.lower + (p.upper - p.lower) * bm::quantile(bm::beta_distribution<>(p.a, p.b), u);
        case PriorKind::gamma: return bm::quantile(bm::gamma_distribution<>(p.a, p.b), u);
    }
    return p.lower;
}

}  // namespace

double Prior::mass() const { return cdf_of(*this, upper) - cdf_of(*this, lower); }

double Prior::density(double x) const {
    if (!(x >= lower && x <= upper)) return 0.0;
    const double m = mass();
    return m > 0 ? pdf_of(*this, x) / m : 0.0;
}

double Prior::quantile(double u) const {
    const double lo = cdf_of(*this, lower), hi = cdf_of(*this, upper);
    const double v = std::clamp(lo + u * (hi - lo), 0.0, 1.0);
    double x;
    if (v <= 0.0) x = lower;
    else if (v >= 1.0) x = upper;
    else x = quantile_of(*this, v);
    return std::clamp(x, lower, upper);
}

const char* to_string(PriorKind kind) {
    switch (kind) {
        case PriorKind::uniform: return "uniform";
        case PriorKind::normal: return "normal";
        case PriorKind::lognormal: return "lognormal";
        case PriorKind::beta: return "beta";
        case PriorKind::gamma: return "gamma";
    }
    return "?";
}

std::string Prior::describe() const {
    char text[256];
    switch (kind) {
        case PriorKind::uniform: std::snprintf(text, sizeof text, "uniform on [%.10g, %.10g]", lower, upper); break;
        case PriorKind::normal: std::snprintf(text, sizeof text, "normal(mean %.10g, sd %.10g) on [%.10g, %.10g]", a, b, lower, upper); break;
        case PriorKind::lognormal: std::snprintf(text, sizeof text, "lognormal(mu %.10g, sigma %.10g) on [%.10g, %.10g]", a, b, lower, upper); break;
        case PriorKind::beta: std::snprintf(text, sizeof text, "beta(alpha %.10g, beta %.10g) stretched to [%.10g, %.10g]", a, b, lower, upper); break;
        case PriorKind::gamma: std::snprintf(text, sizeof text, "gamma(shape %.10g, scale %.10g) on [%.10g, %.10g]", a, b, lower, upper); break;
    }
    return text;
}

}  // namespace asmsim
