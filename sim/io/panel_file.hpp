#pragma once
// The /panel group of run and experiment files (docs/outputs.md, "/panel"): the baseline
// characteristics and the outcomes of the panel households (model/household_panel.hpp), with
// dimension scales ([scenario,] replicate, household, month). Written only when the scenario asks
// for a panel (outputs.panel_months is not "none").

#include <map>
#include <string>
#include <vector>

#include "io/hdf5.hpp"
#include "model/household_panel.hpp"

namespace asmsim {

// The integer baseline characteristics written for each panel household (besides baseline_wealth_usd).
struct PanelBaselineColumn {
    const char* name;
    const char* units;
    const char* long_name;
    const Eigen::ArrayXi HouseholdBaseline::*column;
};
const std::vector<PanelBaselineColumn>& panel_baseline_columns();
inline constexpr const char* panel_wealth_long_name = "savings + livestock - debt before the first month";

class PanelWriter {
public:
    // `scenarios`: the experiment's scenario names, or empty for a run file (no scenario dimension).
    PanelWriter(hid_t file, std::vector<std::string> scenarios, int replicates);
    // One replicate of one scenario (0 in a run file); not thread-safe: the file writer locks.
    void write(int scenario, int replicate, const HouseholdRecorder& record);
    void close();

private:
    void create(const HouseholdRecorder& record);
    std::vector<hsize_t> prefix(int scenario, int replicate) const;  // leading offsets
    std::vector<hsize_t> shape(std::initializer_list<hsize_t> tail) const;
    std::vector<hid_t> dims(std::initializer_list<hid_t> tail) const;

    hid_t file_;
    std::vector<std::string> scenarios_;
    int replicates_;
    h5::Handle group_, dim_scenario_, dim_replicate_, dim_household_, dim_month_;
    std::map<std::string, h5::Handle> datasets_;
    std::vector<std::int64_t> rows_, months_;
};

}  // namespace asmsim
