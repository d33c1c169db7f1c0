#include "core/results.hpp"

#include <limits>
#include <stdexcept>

namespace asmsim {

int Results::declare(std::string name, std::string units, std::string long_name) {
    if (find(name) >= 0) throw std::logic_error("output declared twice: " + name);
    specs_.push_back({std::move(name), std::move(units), std::move(long_name)});
    Eigen::ArrayXXd grown(months_, static_cast<Eigen::Index>(specs_.size()));
    grown.leftCols(values_.cols()) = values_;
    // NaN marks a month a module did not fill, so a gap cannot pass for a zero.
    grown.col(grown.cols() - 1).setConstant(std::numeric_limits<double>::quiet_NaN());
    values_.swap(grown);
    return static_cast<int>(specs_.size()) - 1;
}

int Results::find(const std::string& name) const {
    for (std::size_t i = 0; i < specs_.size(); ++i)
        if (specs_[i].name == name) return static_cast<int>(i);
    return -1;
}

}  // namespace asmsim
