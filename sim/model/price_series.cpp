#include "model/price_series.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include "core/input_error.hpp"

namespace asmsim {

int PriceSeries::row_of(const YearMonth& month) const {
    if (dates.empty()) return -1;
    int row = month.months_since(dates.front());
    return (row >= 0 && row < static_cast<int>(dates.size())) ? row : -1;
}

double grams_per_unit(const std::string& series_unit) {
    if (series_unit == "usd_per_ozt") return 31.1034768;
    if (series_unit == "usd_per_g") return 1.0;
    if (series_unit == "usd_per_kg") return 1000.0;
    if (series_unit == "usd_per_t") return 1e6;
    throw std::invalid_argument("unknown series unit: " + series_unit);
}

namespace {
std::string trim(const std::string& s) {
    auto begin = s.find_first_not_of(" \t\r\"");
    auto end = s.find_last_not_of(" \t\r\"");
    return begin == std::string::npos ? std::string() : s.substr(begin, end - begin + 1);
}
}  // namespace

PriceSeries read_price_series(const std::string& path, const std::string& series_unit) {
    require_input_file(path, "price series file", max_csv_bytes);
    std::ifstream in(path);
    if (!in) throw InputError({path, 0, 0}, "", "cannot open price series file",
                              "check the path; relative paths are read from the scenario's folder");
    const double grams = grams_per_unit(series_unit);
    PriceSeries series;
    series.path = path;
    std::string line;
    int line_number = 0;
    while (std::getline(in, line)) {
        ++line_number;
        if (trim(line).empty()) continue;
        auto comma = line.find(',');
        if (comma == std::string::npos)
            throw InputError({path, line_number, 0}, "", "expected two columns 'Date,Price'");
        std::string date_text = trim(line.substr(0, comma));
        std::string price_text = trim(line.substr(comma + 1));
        if (line_number == 1 && !YearMonth::parse(date_text)) continue;  // header
        auto date = YearMonth::parse(date_text);
        if (!date)
            throw InputError({path, line_number, 1}, "", "date '" + date_text + "' is not YYYY-MM");
        char* end = nullptr;
        errno = 0;
        double price = std::strtod(price_text.c_str(), &end);
        if (price_text.empty() || *end != '\0' || errno != 0 || !std::isfinite(price) || price <= 0)
            throw InputError({path, line_number, static_cast<int>(comma) + 2}, "",
                             "price '" + price_text + "' is not a positive number");
        if (!series.dates.empty() && date->months_since(series.dates.back()) != 1)
            throw InputError({path, line_number, 1}, "",
                             "month " + date->to_string() + " does not follow " +
                                 series.dates.back().to_string(),
                             "the series must hold consecutive months, oldest first");
        series.dates.push_back(*date);
        series.usd_per_g.push_back(price / grams);
    }
    if (series.dates.empty()) throw InputError({path, 0, 0}, "", "the price series has no rows");
    return series;
}

}  // namespace asmsim
