#include "core/results.hpp"

#include <limits>
#include <stdexcept>

namespace asmsim {

int Results::declare(std::string name, std::string units, std::string long_name) {
    if (find(name) >= 0) throw std::logic_error("output declared twice: " + name);
    OutputSpec spec;
    spec.name = std::move(name);
    spec.units = std::move(units);
    spec.long_name = std::move(long_name);
    specs_.push_back(std::move(spec));
    Eigen::ArrayXXd grown(months_, static_cast<Eigen::Index>(specs_.size()));
    grown.leftCols(values_.cols()) = values_;
    // NaN marks a month a module did not fill, so a gap cannot pass for a zero.
    grown.col(grown.cols() - 1).setConstant(std::numeric_limits<double>::quiet_NaN());
    values_.swap(grown);
    return static_cast<int>(specs_.size()) - 1;
}

int Results::declare_by(const std::string& name, const std::string& units, const std::string& long_name,
                        const std::string& dimension, const std::vector<std::string>& labels) {
    if (labels.empty()) throw std::logic_error("output declared with an empty dimension: " + name);
    const int first = static_cast<int>(specs_.size());
    for (std::size_t k = 0; k < labels.size(); ++k) {
        declare(name + "_" + labels[k], units, long_name + " (" + dimension + " " + labels[k] + ")");
        OutputSpec& spec = specs_.back();
        spec.group = name;
        spec.group_long_name = long_name;
        spec.dimension = dimension;
        spec.labels = labels;
        spec.index = static_cast<int>(k);
    }
    // The group's name is the HDF5 variable: it must not be an output of its own.
    if (find(name) >= 0) throw std::logic_error("output declared twice: " + name);
    return first;
}

int Results::find(const std::string& name) const {
    for (std::size_t i = 0; i < specs_.size(); ++i)
        if (specs_[i].name == name) return static_cast<int>(i);
    return -1;
}

}  // namespace asmsim
