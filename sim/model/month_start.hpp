#pragma once
// Start of a month: clears the month's flows and tallies, sets the calendar month and season,
// refreshes site grades, and counts down injuries (docs/model.md, "Month start and seasons").

#include "model/context.hpp"
#include "model/mining_returns.hpp"
#include "model/module.hpp"

namespace asmsim {

class MonthStartModule final : public Module {
public:
    explicit MonthStartModule(const ModelContext& ctx);
    std::string_view name() const override { return "month_start"; }
    std::string_view summary() const override {
        return "clear the month's tally; set calendar month, season and price level; refresh ore grades and site "
               "yields (crowding from last month); injured workers recover";
    }
    PassKind pass_kind(int) const override { return PassKind::rows; }
    void begin_pass(int, World& world, Results& results) override;  // tally, calendar, season, sites
    void visit_rows(int, World& world, RowRange rows) override;     // injured workers recover

private:
    int first_calendar_month_;  // calendar month of month 0
    int rainy_start_, rainy_months_;
    double monthly_growth_, price_level_start_;
    MiningReturns returns_;
};

// True when calendar month `m` (1..12) falls in the rainy season starting at `start` for `length` months.
bool is_rainy_month(int m, int start, int length);

}  // namespace asmsim
