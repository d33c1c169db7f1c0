"""asmsim: reading, summarising and plotting asmsim results (runs, experiments, sweeps, calibrations).

    import asmsim
    ds = asmsim.open_experiment("results/variants.h5")      # xarray: scenario, replicate, month
    asmsim.compare(ds)                                       # paired differences with 95% CIs
    asmsim.figures.save(asmsim.figures.fan_chart(ds), "fan") # fan.png and fan.pdf
    asmsim.write_report("results/variants.h5", "results/variants")
    cal = asmsim.open_calibration("results/recovery.h5")        # posterior, generations, targets
    asmsim.posterior_table(cal)                              # mean, median, 90% interval, identified
    asmsim.discover(X, failed)                               # scenario discovery (scikit-learn's CART)

Command line: `python3 -m asmsim report FILE.h5 -o DIR` (with analysis/ on PYTHONPATH).
See docs/analysis.md.
"""

from . import figures
from .calibration import generations_table, posterior_table, target_fit_table, weighted_quantile
from .discovery import Box, Discovery, discover, discover_posterior, discover_sweep
from .files import (Calibration, ResultsFileError, as_experiment, file_kind, metadata, open_calibration, open_comparison,
                    open_experiment, open_group_effects, open_households, open_panel, open_quantile_effects, open_run,
                    open_uncertainty, scenario)
from .report import write_report
from .summary import (better_direction, by_gender, compare, comparison_table, cost_benefit_table, household_differences,
                      last_months, ranked_table, scenario_table, summary_table, t_interval, welch_interval)
from .sweeps import (indices, morris_indices, open_any, open_sweep, salib_outputs, second_order_table, sobol_indices,
                     stored_indices)

__all__ = ["figures", "ResultsFileError", "as_experiment", "file_kind", "metadata", "open_any", "open_comparison", "open_experiment",
           "open_households", "open_run", "open_panel", "open_group_effects", "open_quantile_effects",
           "household_differences", "scenario", "write_report", "by_gender", "compare", "comparison_table",
           "ranked_table", "cost_benefit_table", "better_direction",
           "last_months", "scenario_table", "summary_table", "t_interval", "welch_interval", "open_sweep", "sobol_indices",
           "morris_indices", "indices", "stored_indices", "salib_outputs", "second_order_table",
           "Calibration", "open_calibration", "open_uncertainty", "posterior_table", "target_fit_table",
           "generations_table", "weighted_quantile", "Box", "Discovery", "discover", "discover_sweep",
           "discover_posterior"]
