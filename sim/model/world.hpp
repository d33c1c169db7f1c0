#pragma once
// The running state of one simulation: household and site columns plus this month's prices.
// Columns are Eigen arrays (structure of arrays): row i of every household column is household i.
// Rows never move during a run, and `id` is the household's stable identifier.

#include <array>
#include <cstdint>
#include <string_view>

#include <Eigen/Core>

#include "model/commodity.hpp"

namespace asmsim {

using ArrayXi64 = Eigen::Array<std::int64_t, Eigen::Dynamic, 1>;

struct Households {
    // Fixed traits
    ArrayXi64 id;                  // stable identifier
    Eigen::ArrayXi site;           // row in Sites
    Eigen::ArrayXi size_persons;   // household members
    Eigen::ArrayXi adult_workers;  // members of working age who work
    Eigen::ArrayXd skill;          // mining productivity multiplier (1 = average)
    // State
    Eigen::ArrayXi is_mining;      // 1 when the household's workers mine this month
    Eigen::ArrayXd savings_usd;    // cash and equivalents held
    // This month's flows (overwritten every month)
    Eigen::ArrayXd output_g;                 // mineral produced, grams of contained mineral
    Eigen::ArrayXd mining_income_usd;        // sales of output
    Eigen::ArrayXd farm_income_usd;          // own-farm income
    Eigen::ArrayXd offfarm_income_usd;       // wages and trade outside mining
    Eigen::ArrayXd consumption_usd;          // spending on consumption

    Eigen::Index size() const { return id.size(); }
    void resize(Eigen::Index n);

    // Visits every column with (name, units, description, column); the HDF5 writer uses this, so
    // a new column is written out by adding it here.
    template <class Visitor>
    void for_each_column(Visitor&& visit) const {
        visit("id", "1", "stable household identifier", id);
        visit("site", "1", "index of the household's mining site", site);
        visit("size_persons", "persons", "household members", size_persons);
        visit("adult_workers", "persons", "adult members who work", adult_workers);
        visit("skill", "1", "mining productivity multiplier (1 = average)", skill);
        visit("is_mining", "1", "1 when the household mines", is_mining);
        visit("savings_usd", "USD", "savings held at the end of the month", savings_usd);
        visit("output_g", "g", "mineral produced in the last month", output_g);
        visit("mining_income_usd", "USD", "mining income in the last month", mining_income_usd);
        visit("farm_income_usd", "USD", "farm income in the last month", farm_income_usd);
        visit("offfarm_income_usd", "USD", "off-farm income in the last month", offfarm_income_usd);
        visit("consumption_usd", "USD", "consumption in the last month", consumption_usd);
    }
};

struct Sites {
    Eigen::ArrayXi mineral;  // Commodity as int
    Eigen::Index size() const { return mineral.size(); }
};

struct World {
    int month = 0;  // months since the start, 0-based
    Households households;
    Sites sites;
    std::array<double, n_commodities> price_usd_per_g{};  // world price this month
};

}  // namespace asmsim
