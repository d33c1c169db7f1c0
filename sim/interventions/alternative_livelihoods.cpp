// Alternative livelihoods: the programme offers one adult of each household it reaches a job
// (public works, agribusiness) at `wage_usd_month`. The household takes it when the wage beats
// what that worker earns now (mining income per mining worker, or the local off-farm wage); the
// worker then neither mines nor farms. The programme pays the wage and an overhead per job-month.
// Lever: Policy::jobs, read by production, labour and other income (docs/model.md, "Interventions").

#include "interventions/registry.hpp"
#include "model/mining_returns.hpp"

namespace asmsim {
namespace {

const std::string kind_name = "alternative_livelihoods";

class AlternativeLivelihoods final : public Intervention {
public:
    explicit AlternativeLivelihoods(const ModelContext& ctx)
        : Intervention(ctx, kind_name),
          returns_(ctx.params),
          wage_usd_month_(ctx.params.real(intervention_key(kind_name, "wage_usd_month"))),
          overhead_usd_per_job_month_(ctx.params.real(intervention_key(kind_name, "overhead_usd_per_job_month"))),
          local_wage_usd_month_(ctx.params.real("labour.offfarm_usd_per_worker_month")) {}

private:
    void open_levers(World& world) override {
        Policy::Jobs& jobs = world.policy.jobs;
        jobs.wage_usd_month = wage_usd_month_;
        jobs.account = account_index();
    }
    void close_levers(World& world) override {
        world.policy.jobs.on = false;
        world.households.job_workers.setZero();
    }
    void apply_levers(World& world) override {
        Households& h = world.households;
        ProgrammeAccount& programme = account(world);
        const double wage = wage_usd_month_ * world.price_level;
        const double cost = (wage_usd_month_ + overhead_usd_per_job_month_) * world.price_level;
        for (Eigen::Index i = 0; i < h.size(); ++i) {
            h.job_workers[i] = 0;
            if (!reaches(world, i) || h.workers(i) - h.injured_workers[i] <= 0) continue;
            // What the worker would earn otherwise, with the household's current activity.
            double earnings = local_wage_usd_month_ * world.price_level;
            if (h.is_mining[i]) {
                const double miners = returns_.mining_workers_year(h, i);
                earnings = miners > 0.0 ? returns_.expected_income_now_usd(world, i, h.site[i]) / miners : 0.0;
            }
            if (wage <= earnings || !programme.try_spend(cost)) continue;
            h.job_workers[i] = 1;
        }
        world.policy.jobs.on = true;
    }
    MiningReturns returns_;
    double wage_usd_month_, overhead_usd_per_job_month_, local_wage_usd_month_;
};

}  // namespace

InterventionKind alternative_livelihoods_kind() {
    return {kind_name, "offers a job outside mining to one adult of each household it reaches",
            [](ParameterSchema& s) {
                declare_common(s, kind_name, {"miners", "everyone", "informal_miners", "women_headed", "sites"}, 100.0,
                               "assumption: programme management");
                s.real(intervention_key(kind_name, "wage_usd_month"), 120.0, "USD/month", 0.0, 1e6,
                       "Monthly wage of a programme job, in prices of month 0",
                       "assumption: above the baseline's mining income per miner (about 100 USD/month), so that "
                       "miners take the jobs; the local off-farm wage is 77");
                s.real(intervention_key(kind_name, "overhead_usd_per_job_month"), 10.0, "USD/month", 0.0, 1e6,
                       "Programme cost per job-month besides the wage (tools, supervision), in prices of month 0",
                       "assumption");
            },
            [](const ModelContext& ctx) { return std::make_unique<AlternativeLivelihoods>(ctx); }};
}

}  // namespace asmsim
