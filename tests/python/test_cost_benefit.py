"""Discounted cost-benefit in /comparison (docs/model.md 7.17, "Discounted cost-benefit"): the stored
present values follow from the time series, and the cash-transfer benchmark's benefit-cost ratio is
1 minus its delivery cost share where transfers can only be consumed or saved."""

import numpy as np
import pytest
import xarray as xr

from conftest import SCENARIOS

HOUSEHOLDS, MONTHS, REPLICATES = 1000, 96, 60
# Transfers run in months 6-41 of 96: the 54 months after them let smoothed consumption spend what
# households saved from them (consumption smoothing, 7.14), so little is left unconsumed at the end.
TRANSFER = "[interventions.cash_transfer]\nstart_month = 6\nend_month = 42\n"
# The channels through which a transfer earns a return in mining: buying semi-mechanised equipment,
# becoming a sponsor, site capital. Shut, a transfer can only be consumed or saved.
NO_INVESTMENT = ("[technology]\nadoption_share_monthly = 0.0\n[capital]\ninvest_share = 0.0\n"
                 "[roles]\nsponsor_capital_usd = 1e7\n[finance]\ntrader_credit_months = 0.0\n")


def scenario(tmp_path, name, extends, body=""):
    path = tmp_path / f"{name}.toml"
    path.write_text(f'name = "{name}"\nextends = "{extends}"\n'
                    f"[simulation]\nhouseholds = {HOUSEHOLDS}\nmonths = {MONTHS}\n{body}")
    return path


def compare(asmsim, tmp_path, setting=""):
    cash = SCENARIOS / "interventions" / "cash_transfer.toml"
    paths = [scenario(tmp_path, "baseline", SCENARIOS / "baseline.toml", setting),
             scenario(tmp_path, "cash", cash, setting + TRANSFER),
             scenario(tmp_path, "cash_costly", cash,
                      setting + TRANSFER + "delivery_cost_share = 0.5\n")]
    experiment = tmp_path / "experiment.toml"
    experiment.write_text('name = "cash"\nscenarios = [' + ", ".join(f'"{p}"' for p in paths) +
                          f"]\nreplicates = {REPLICATES}\n")
    out = tmp_path / "cash.h5"
    asmsim("compare", experiment, "-o", out, "-q", expect=0)
    return (xr.open_dataset(out, group="comparison", engine="h5netcdf"),
            xr.open_dataset(out, group="timeseries", engine="h5netcdf"))


@pytest.fixture(scope="module")
def no_investment(asmsim, tmp_path_factory):
    return compare(asmsim, tmp_path_factory.mktemp("no_investment"), NO_INVESTMENT)


@pytest.fixture(scope="module")
def default_setting(asmsim, tmp_path_factory):
    return compare(asmsim, tmp_path_factory.mktemp("default"))


def test_cash_transfer_benefit_cost_ratio_is_one_minus_delivery_share(no_investment):
    # Where a transfer can only be consumed or saved, each USD spent delivers 1 - share to households
    # and they consume it within the horizon, so the ratio is 1 - share up to: the months by which
    # smoothing delays consumption (discounted at 10%/yr, a few months cost about 1-3%), what is still
    # saved at the end, and the noise of paired runs (a transfer changes who mines, and so who has
    # which finds, which moves households' earnings: the ratio's 95% half-width is about 0.1 here with
    # 60 replicates; measured 0.909 [0.875, 0.944]; traders' pre-finance is switched off too, since cash
    # that replaces pre-finance at 3%/month earns a return: with it on, 0.977 [0.917, 1.038]). The test: the 95% interval contains 1 - share
    # and lies within 0.7-1.1, so it excludes a transfer not consumed (0) and one that also earns a
    # return in mining (the default setting, next test: about 1.5).
    c, _ = no_investment
    bcr = float(c.benefit_cost_ratio.sel(scenario="cash"))
    low, high = float(c.benefit_cost_ratio_ci_low.sel(scenario="cash")), float(c.benefit_cost_ratio_ci_high.sel(scenario="cash"))
    assert low <= 0.9 <= high, (bcr, low, high)
    assert 0.7 < low and high < 1.1, (bcr, low, high)
    # The delivery share acts on the cost alone: the same transfers (same households, same random
    # numbers), so the two ratios stand exactly as (1 - 0.5) / (1 - 0.1).
    costly = float(c.benefit_cost_ratio.sel(scenario="cash_costly"))
    assert costly / bcr == pytest.approx(0.5 / 0.9, rel=1e-9)


def test_transfers_invested_in_mining_earn_more_than_they_cost_to_deliver(default_setting):
    # With the investment channels open (the default), households buy equipment and sponsor teams
    # with part of the transfers, and their mining income rises: the ratio is above 1 - share
    # (measured: 1.31 [1.03, 1.59]). This fails with the channels shut (previous test: 0.909).
    c, _ = default_setting
    assert float(c.benefit_cost_ratio_ci_low.sel(scenario="cash")) > 0.9
    assert float(c.pv_income_benefit_usd_ci_low.sel(scenario="cash")) > 0.9 * float(c.pv_programme_cost_usd.sel(scenario="cash"))


def test_present_values_follow_from_the_time_series(default_setting):
    c, ts = default_setting
    rate = float(c.attrs["discount_rate_annual"])
    assert rate == 0.10
    factor = xr.DataArray((1 + rate) ** (-np.arange(MONTHS) / 12), dims="month")

    def pv(x):
        return (x * factor).sum("month")

    people = ts.n_persons
    cost = pv(ts.programme_cost_usd).mean("replicate")
    np.testing.assert_allclose(c.pv_programme_cost_usd.values, cost.values, rtol=1e-9)
    np.testing.assert_allclose((c.pv_cost_implementer_usd + c.pv_cost_government_usd).values, cost.values, rtol=1e-9)
    assert float(c.pv_cost_government_usd.sel(scenario="cash")) == 0.0  # donor-funded (government_share 0)
    consumption = pv(ts.mean_consumption_usd_per_capita * people)
    gain = (consumption - consumption.sel(scenario="baseline")).mean("replicate")
    np.testing.assert_allclose(c.pv_consumption_benefit_usd.values, gain.values, rtol=1e-9, atol=1e-6)
    revenue = pv(ts.fiscal_revenue_usd)
    change = (revenue - revenue.sel(scenario="baseline")).mean("replicate")
    np.testing.assert_allclose(c.pv_net_fiscal_cost_usd.values, (cost - change).values, rtol=1e-9, atol=1e-6)
    np.testing.assert_allclose(c.net_present_value_usd.values, (gain - cost + change).values, rtol=1e-9, atol=1e-6)
    poor = pv(ts.poverty_headcount * people) / 12
    avoided = (poor.sel(scenario="baseline") - poor).mean("replicate")
    np.testing.assert_allclose(c.poverty_years_avoided.values, avoided.values, rtol=1e-9, atol=1e-9)
    s = "cash"
    assert float(c.usd_per_poverty_year_avoided.sel(scenario=s)) == pytest.approx(float(cost.sel(scenario=s) / avoided.sel(scenario=s)), rel=1e-9)
    # Self-describing: every new variable has units and a description.
    for name in ("pv_programme_cost_usd", "pv_cost_government_usd", "pv_net_fiscal_cost_usd", "benefit_cost_ratio",
                 "net_present_value_usd", "usd_per_poverty_year_avoided", "pv_usd_per_kg_mercury_avoided"):
        assert c[name].attrs["units"] and c[name].attrs["long_name"], name
        assert c[name].dims == ("scenario",)
