#pragma once
// Calendar months. The model steps in months; a scenario may anchor month 0 to a calendar month
// (simulation.start = "1999-01") so that outputs carry dates and price series line up.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace asmsim {

struct YearMonth {
    int year = 1970;
    int month = 1;  // 1..12

    static std::optional<YearMonth> parse(std::string_view text);  // "YYYY-MM"
    std::string to_string() const;
    YearMonth plus_months(int months) const;
    int months_since(const YearMonth& earlier) const;
    // Days from 1970-01-01 to the first day of this month (proleptic Gregorian).
    std::int64_t days_since_epoch() const;
    bool operator==(const YearMonth&) const = default;
};

}  // namespace asmsim
