#pragma once
// Monthly price series read from CSV (columns Date as YYYY-MM, Price), for replay.

#include <string>
#include <vector>

#include "core/calendar.hpp"

namespace asmsim {

struct PriceSeries {
    std::string path;
    std::vector<YearMonth> dates;     // consecutive months
    std::vector<double> usd_per_g;    // converted to the model's price unit

    // Row of a month, or -1 when the series does not hold it.
    int row_of(const YearMonth& month) const;
};

// Grams per unit of a series_unit choice ("usd_per_ozt" -> 31.1034768).
double grams_per_unit(const std::string& series_unit);

// Reads and checks a series; bad content throws InputError naming the file and line.
PriceSeries read_price_series(const std::string& path, const std::string& series_unit);

}  // namespace asmsim
