#include "io/panel_file.hpp"

#include <algorithm>
#include <stdexcept>

#include "io/layout.hpp"

namespace asmsim {

const std::vector<PanelBaselineColumn>& panel_baseline_columns() {
    static const std::vector<PanelBaselineColumn> columns = {
        {"baseline_size_persons", "persons", "household members before the first month", &HouseholdBaseline::size_persons},
        {"baseline_head_female", "1", "1 when the household head is a woman", &HouseholdBaseline::head_female},
        {"baseline_role", "1",
         "role at the end of month 0 (the first drawn), the higher of the men's and the women's: 0 none (not mining), "
         "1 processor, 2 digger, 3 skilled, 4 pit manager, 5 sponsor",
         &HouseholdBaseline::role},
        {"baseline_wealth_quintile", "1",
         "quintile of baseline_wealth_usd over all households of the replicate (by rank, ties by row): 1 poorest fifth .. 5 richest",
         &HouseholdBaseline::wealth_quintile},
        {"baseline_mineral", "1", "mineral of the household's site before the first month: 0 gold, 1 cobalt, 2 tin",
         &HouseholdBaseline::mineral},
        {"baseline_site", "1", "row of the household's site before the first month", &HouseholdBaseline::site},
        {"baseline_legal_status", "1", "formal status before the first month: 0 informal, 1 licence applicant, 2 licensed",
         &HouseholdBaseline::legal_status},
    };
    return columns;
}

PanelWriter::PanelWriter(hid_t file, std::vector<std::string> scenarios, int replicates)
    : file_(file), scenarios_(std::move(scenarios)), replicates_(replicates) {}

std::vector<hsize_t> PanelWriter::prefix(int scenario, int replicate) const {
    std::vector<hsize_t> out;
    if (!scenarios_.empty()) out.push_back(static_cast<hsize_t>(scenario));
    out.push_back(static_cast<hsize_t>(replicate));
    return out;
}
std::vector<hsize_t> PanelWriter::shape(std::initializer_list<hsize_t> tail) const {
    std::vector<hsize_t> out;
    if (!scenarios_.empty()) out.push_back(scenarios_.size());
    out.push_back(static_cast<hsize_t>(replicates_));
    out.insert(out.end(), tail);
    return out;
}
std::vector<hid_t> PanelWriter::dims(std::initializer_list<hid_t> tail) const {
    std::vector<hid_t> out;
    if (!scenarios_.empty()) out.push_back(dim_scenario_);
    out.push_back(dim_replicate_);
    out.insert(out.end(), tail);
    return out;
}

void PanelWriter::create(const HouseholdRecorder& record) {
    rows_ = record.panel_rows();
    months_ = record.panel_months();
    group_ = h5::create_group(file_, "panel");
    h5::write_attr(group_, "description",
                   "Household panel (issue 16.1): baseline characteristics before the first month and outcomes at the "
                   "months of outputs.panel_months. Household row h is the same household in every replicate and "
                   "scenario of the file (common random numbers), so scenario differences per household are paired.");
    if (!scenarios_.empty())
        dim_scenario_ = h5::create_text_dimension(group_, "scenario", scenarios_, "scenario name");
    dim_replicate_ = h5::create_dimension(group_, "replicate", layout::count_up(replicates_), "", "replicate number");
    dim_household_ = h5::create_dimension(group_, "household", rows_, "",
                                          "household row (its id; the same household in every replicate and scenario)");
    dim_month_ = h5::create_dimension(group_, "month", months_, "month",
                                      "month of the run (0 = the first) at whose end the outcomes were recorded");
    const auto H = static_cast<hsize_t>(rows_.size()), M = static_cast<hsize_t>(months_.size());
    // Chunks of whole households (all their months), a few thousand at a time, compressed.
    const hsize_t chunk_h = std::clamp<hsize_t>(H, 1, std::max<hsize_t>(1, 65536 / std::max<hsize_t>(M, 1)));
    const std::vector<hsize_t> lead(scenarios_.empty() ? 1 : 2, 1);
    auto chunk = [&](std::initializer_list<hsize_t> tail) {
        std::vector<hsize_t> c = lead;
        c.insert(c.end(), tail);
        return c;
    };
    datasets_.emplace("baseline_wealth_usd",
                      h5::create_dataset(group_, "baseline_wealth_usd", H5T_NATIVE_DOUBLE, shape({H}),
                                         chunk({std::clamp<hsize_t>(H, 1, 65536)}), dims({dim_household_}), "USD",
                                         panel_wealth_long_name));
    for (const PanelBaselineColumn& c : panel_baseline_columns())
        datasets_.emplace(c.name, h5::create_dataset(group_, c.name, H5T_NATIVE_INT, shape({H}),
                                                     chunk({std::clamp<hsize_t>(H, 1, 65536)}), dims({dim_household_}),
                                                     c.units, c.long_name));
    for (const PanelOutcomeInfo& o : panel_outcome_info)
        datasets_.emplace(o.name, h5::create_dataset(group_, o.name, H5T_NATIVE_DOUBLE, shape({H, M}),
                                                     chunk({chunk_h, std::max<hsize_t>(M, 1)}),
                                                     dims({dim_household_, dim_month_}), o.units, o.long_name));
}

void PanelWriter::write(int scenario, int replicate, const HouseholdRecorder& record) {
    if (!record.has_panel()) return;
    if (group_.id() < 0) create(record);
    if (record.panel_rows() != rows_ || record.panel_months() != months_)
        throw std::runtime_error("household panel: every scenario of an experiment must record the same households and "
                                 "months (outputs.panel_months, outputs.panel_households, simulation.households)");
    const auto H = static_cast<hsize_t>(rows_.size()), M = static_cast<hsize_t>(months_.size());
    std::vector<hsize_t> at = prefix(scenario, replicate);
    std::vector<hsize_t> count(at.size(), 1);
    at.push_back(0);
    count.push_back(H);
    const HouseholdBaseline& b = record.baseline();
    std::vector<double> wealth;
    for (std::int64_t i : rows_) wealth.push_back(b.wealth_usd[i]);
    h5::write_block(datasets_.at("baseline_wealth_usd"), H5T_NATIVE_DOUBLE, at, count, wealth.data());
    for (const PanelBaselineColumn& c : panel_baseline_columns()) {
        std::vector<int> values;
        for (std::int64_t i : rows_) values.push_back((b.*c.column)[i]);
        h5::write_block(datasets_.at(c.name), H5T_NATIVE_INT, at, count, values.data());
    }
    at.push_back(0);
    count.push_back(M);
    for (int o = 0; o < n_panel_outcomes; ++o)
        h5::write_block(datasets_.at(panel_outcome_info[static_cast<std::size_t>(o)].name), H5T_NATIVE_DOUBLE, at, count,
                        record.panel(o).data());
}

void PanelWriter::close() {
    datasets_.clear();
    dim_month_.close();
    dim_household_.close();
    dim_replicate_.close();
    dim_scenario_.close();
    group_.close();
}

}  // namespace asmsim
