#include "core/calendar.hpp"

#include <cstdio>

namespace asmsim {

std::optional<YearMonth> YearMonth::parse(std::string_view text) {
    if (text.size() != 7 || text[4] != '-') return std::nullopt;
    int value[6];
    const int positions[6] = {0, 1, 2, 3, 5, 6};
    for (int i = 0; i < 6; ++i) {
        char c = text[positions[i]];
        if (c < '0' || c > '9') return std::nullopt;
        value[i] = c - '0';
    }
    YearMonth ym{value[0] * 1000 + value[1] * 100 + value[2] * 10 + value[3], value[4] * 10 + value[5]};
    if (ym.month < 1 || ym.month > 12) return std::nullopt;
    return ym;
}

std::string YearMonth::to_string() const {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
    return buf;
}

YearMonth YearMonth::plus_months(int months) const {
    int total = year * 12 + (month - 1) + months;
    int y = total >= 0 ? total / 12 : (total - 11) / 12;
    return YearMonth{y, total - y * 12 + 1};
}

int YearMonth::months_since(const YearMonth& earlier) const {
    return (year * 12 + month) - (earlier.year * 12 + earlier.month);
}

std::int64_t YearMonth::days_since_epoch() const {
    // Howard Hinnant's days_from_civil, for day 1 of the month.
    std::int64_t y = year - (month <= 2 ? 1 : 0);
    std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    std::int64_t yoe = y - era * 400;
    std::int64_t mp = (month + 9) % 12;
    std::int64_t doy = (153 * mp + 2) / 5;  // day 1 of the month
    std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

}  // namespace asmsim
