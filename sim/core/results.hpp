#pragma once
// Monthly outputs of one run. Modules declare each output once (name, units, description) when
// they are built, then fill one value per month. The declared list is what the HDF5 writer
// stores, so an output cannot exist without its units and description.

#include <string>
#include <vector>

#include <Eigen/Core>

namespace asmsim {

struct OutputSpec {
    std::string name;       // e.g. "n_mining_households"; stocks n_*, flows new_*
    std::string units;      // e.g. "USD/person/month"
    std::string long_name;  // one-line description
    // Outputs with a dimension besides month (e.g. role): one column per label, in consecutive
    // columns named "<group>_<label>", written to HDF5 as one variable `group` with the dimension
    // `dimension` (labels as its coordinate). Empty for a scalar output.
    std::string group;
    std::string group_long_name;  // the group's description (long_name adds the label)
    std::string dimension;
    std::vector<std::string> labels;  // the dimension's labels (the same in every column of the group)
    int index = 0;                    // this column's position along the dimension
};

class Results {
public:
    explicit Results(int months) : months_(months) {}

    // Declares an output and returns its column; names must be unique.
    int declare(std::string name, std::string units, std::string long_name);
    // Declares an output with a dimension: one column per label, named "<name>_<label>", consecutive;
    // returns the first column (label k is first + k).
    int declare_by(const std::string& name, const std::string& units, const std::string& long_name,
                   const std::string& dimension, const std::vector<std::string>& labels);
    void set(int output, int month, double value) { values_(month, output) = value; }
    double get(int output, int month) const { return values_(month, output); }

    int months() const { return months_; }
    const std::vector<OutputSpec>& specs() const { return specs_; }
    int find(const std::string& name) const;  // -1 when absent
    // months x outputs, one column per declared output
    const Eigen::ArrayXXd& values() const { return values_; }

private:
    int months_;
    std::vector<OutputSpec> specs_;
    Eigen::ArrayXXd values_;
};

}  // namespace asmsim
