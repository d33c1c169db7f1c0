// Calendar months (core/calendar.hpp).

#include <catch2/catch.hpp>
#include <string>

#include "core/calendar.hpp"

using asmsim::YearMonth;

TEST_CASE("YearMonth parses and formats YYYY-MM", "[calendar]") {
    for (const char* text : {"1999-01", "2024-12", "0001-06", "1970-01", "9999-12"}) {
        INFO("month " << text);
        auto parsed = YearMonth::parse(text);
        REQUIRE(parsed.has_value());
        CHECK(parsed->to_string() == text);
    }
    auto m = YearMonth::parse("1999-07");
    REQUIRE(m.has_value());
    CHECK(m->year == 1999);
    CHECK(m->month == 7);
    CHECK((YearMonth{2024, 3}.to_string()) == "2024-03");
}

TEST_CASE("YearMonth rejects malformed months", "[calendar]") {
    for (const char* text : {"1999-13", "1999-00", "1999-1", "99-01", "", "1999-011", "1999_01",
                             "19a9-01", "1999-0a", "1999-01 ", "+999-01", "-999-01"}) {
        INFO("month '" << text << "'");
        CHECK_FALSE(YearMonth::parse(text).has_value());
    }
}

TEST_CASE("plus_months and months_since cross year boundaries in both directions", "[calendar]") {
    const YearMonth m{1999, 11};
    CHECK(m.plus_months(0) == m);
    CHECK(m.plus_months(1) == (YearMonth{1999, 12}));
    CHECK(m.plus_months(2) == (YearMonth{2000, 1}));
    CHECK(m.plus_months(14) == (YearMonth{2001, 1}));
    CHECK(m.plus_months(-10) == (YearMonth{1999, 1}));
    CHECK(m.plus_months(-11) == (YearMonth{1998, 12}));
    CHECK(m.plus_months(-23) == (YearMonth{1997, 12}));
    CHECK((YearMonth{1999, 1}.plus_months(311)) == (YearMonth{2024, 12}));
    CHECK((YearMonth{0, 1}.plus_months(-1)) == (YearMonth{-1, 12}));
    CHECK((YearMonth{0, 1}.plus_months(-13)) == (YearMonth{-2, 12}));

    CHECK((YearMonth{2024, 12}.months_since(YearMonth{1999, 1})) == 311);
    CHECK((YearMonth{1999, 1}.months_since(YearMonth{2024, 12})) == -311);
    for (int k = -30; k <= 30; ++k) {
        INFO("k = " << k);
        CHECK(m.plus_months(k).months_since(m) == k);
        CHECK(m.plus_months(k).plus_months(-k) == m);
    }
}

TEST_CASE("days_since_epoch counts days to the first of the month", "[calendar]") {
    CHECK((YearMonth{1970, 1}.days_since_epoch()) == 0);
    CHECK((YearMonth{1970, 2}.days_since_epoch()) == 31);
    CHECK((YearMonth{1970, 3}.days_since_epoch()) == 59);
    CHECK((YearMonth{2000, 1}.days_since_epoch()) == 10957);
    CHECK((YearMonth{1999, 1}.days_since_epoch()) == 10592);
    CHECK((YearMonth{1969, 12}.days_since_epoch()) == -31);
    CHECK((YearMonth{2000, 3}.days_since_epoch()) == 10957 + 31 + 29);  // 2000 is a leap year
    CHECK((YearMonth{1900, 3}.days_since_epoch()) - (YearMonth{1900, 2}.days_since_epoch()) ==
          28);  // 1900 is not
    // Consecutive months differ by the month's length; a year of months by 365 or 366 days.
    const int lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    for (int month = 1; month <= 12; ++month) {
        INFO("2023-" << month);
        const YearMonth here{2023, month};
        CHECK(here.plus_months(1).days_since_epoch() - here.days_since_epoch() ==
              lengths[month - 1]);
    }
    CHECK((YearMonth{2025, 1}.days_since_epoch()) - (YearMonth{2024, 1}.days_since_epoch()) == 366);
}
