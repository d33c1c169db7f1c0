// Programme accounts (model/policy.hpp) and index lists for targeted sites (core/parameters.hpp).

#include <catch2/catch.hpp>

#include "core/parameters.hpp"
#include "model/policy.hpp"

using asmsim::parse_index_list;
using asmsim::ProgrammeAccount;

TEST_CASE("a programme account never spends beyond its cap", "[policy]") {
    ProgrammeAccount account;
    account.budget_cap_usd = 100.0;
    CHECK(account.try_spend(60.0));
    CHECK_FALSE(account.try_spend(50.0));  // refused whole: nothing is spent
    CHECK(account.spent_usd == 60.0);
    CHECK(account.try_spend(40.0));         // exactly the cap is allowed
    CHECK_FALSE(account.try_spend(0.01));
    CHECK(account.spent_usd == 100.0);
    CHECK(account.spent_month_usd == 100.0);
    CHECK(account.remaining_usd() == 0.0);
}

TEST_CASE("an account without a cap pays everything", "[policy]") {
    ProgrammeAccount account;  // budget_cap_usd = 0: no cap
    CHECK(account.try_spend(1e12));
    CHECK(account.try_spend(1e12));
    CHECK(account.spent_usd == 2e12);
}

TEST_CASE("site lists", "[policy]") {
    CHECK(parse_index_list("")->empty());
    CHECK(parse_index_list("  ")->empty());
    CHECK(*parse_index_list("3") == std::vector<std::int64_t>{3});
    CHECK(*parse_index_list("0, 3,7 ") == std::vector<std::int64_t>{0, 3, 7});
    CHECK_FALSE(parse_index_list("1,,2"));
    CHECK_FALSE(parse_index_list("1, x"));
    CHECK_FALSE(parse_index_list("-1"));
    CHECK_FALSE(parse_index_list("1,"));
}
