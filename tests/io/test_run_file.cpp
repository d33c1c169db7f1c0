// The HDF5 run file (io/run_file.hpp) and atomic output files (io/atomic_output.hpp).

#include <hdf5_hl.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "../support/test_support.hpp"
#include "core/version.hpp"
#include "experiment/replicates.hpp"
#include "io/atomic_output.hpp"
#include "io/hdf5.hpp"
#include "io/run_file.hpp"
#include "model/simulation.hpp"

using asmsim::AtomicOutput;
using asmsim::Simulation;
using asmsim::testing::read_text;
using asmsim::testing::TempDir;

namespace fs = std::filesystem;
namespace h5 = asmsim::h5;

namespace {

bool has_attr(hid_t object, const std::string& name) { return H5Aexists(object, name.c_str()) > 0; }

// A string attribute: checked to be a variable-length string (what h5py and netCDF readers
// expect), then read with the library's own reader.
std::string text_attr(hid_t object, const std::string& name) {
    h5::Handle attr(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose, "open " + name);
    h5::Handle type(H5Aget_type(attr), H5Tclose, "get type of " + name);
    REQUIRE(H5Tget_class(type) == H5T_STRING);
    REQUIRE(H5Tis_variable_str(type) > 0);
    return h5::read_string_attr(object, name);
}

// True when `scale` is attached to axis `axis` of `dataset`.
bool scale_attached(hid_t dataset, hid_t scale, unsigned axis) {
    return H5DSis_attached(dataset, scale, axis) > 0;
}

}  // namespace

// HDF5 refuses to convert UTF-8 to ASCII (and caches conversion paths per process), so this case
// stays first in the file: run alone under ctest or in the whole binary, it reads UTF-8 first.
TEST_CASE("read_string_attr reads back the strings write_attr writes", "[io]") {
    TempDir dir("string_attr");
    const std::string path = dir.file("attrs.h5");
    {
        const h5::Handle file = h5::create_file(path);
        h5::write_attr(file, "plain", std::string("hello"));
        h5::write_attr(file, "accented", std::string("S\xc3\xa9gou, 2 \xc2\xb5g"));
        h5::write_attr(file, "empty", std::string(""));
    }
    const h5::Handle file = h5::open_file_read(path);
    // The library's own reader must read what the library writes.
    CHECK(h5::read_string_attr(file, "plain") == "hello");
    CHECK(h5::read_string_attr(file, "accented") == "S\xc3\xa9gou, 2 \xc2\xb5g");
    CHECK(h5::read_string_attr(file, "empty").empty());
    // The attributes are in the file, as UTF-8 strings (what h5py and netCDF readers expect).
    CHECK(text_attr(file, "plain") == "hello");
    CHECK(text_attr(file, "accented") == "S\xc3\xa9gou, 2 \xc2\xb5g");
}

TEST_CASE("a run file holds every output, household column and the metadata", "[io]") {
    TempDir dir("run_file");
    const asmsim::PreparedScenario prepared =
        asmsim::prepare_scenario("", {"simulation.households=120", "simulation.months=18",
                                      "simulation.start=2000-01", "random.stream_group=io_test"});
    const auto& params = *prepared.scenario.params;
    const int months = 18, replicates = 2;

    std::vector<std::unique_ptr<Simulation>> runs;
    for (int r = 0; r < replicates; ++r) {
        runs.push_back(std::make_unique<Simulation>(
            prepared.scenario.params, prepared.inputs,
            asmsim::StreamKey{5, "io_test", static_cast<std::uint64_t>(r)}));
        runs.back()->run();
    }

    asmsim::RunMetadata metadata;
    metadata.scenario_name = prepared.scenario.name;
    metadata.scenario_description = "a small run";
    metadata.scenario_toml = prepared.scenario.to_toml();
    metadata.command_line = "asmsim run test.toml -r 2";
    metadata.seed = 5;
    metadata.stream_group = params.text("random.stream_group");
    metadata.replicates = replicates;
    metadata.months = months;
    metadata.households = params.integer("simulation.households");
    metadata.start = prepared.inputs->start;
    REQUIRE(metadata.start.has_value());

    const std::string path = dir.file("run.h5");
    {
        AtomicOutput output(path, false);
        asmsim::RunFileWriter writer(output.partial_path(), metadata);
        // Written out of order, as threads may finish.
        writer.write_replicate(1, runs[1]->results(), runs[1]->world().households);
        writer.write_replicate(0, runs[0]->results(), runs[0]->world().households);
        writer.close();
        CHECK(fs::exists(output.partial_path()));
        CHECK_FALSE(fs::exists(path));
        output.commit();
        CHECK_FALSE(fs::exists(output.partial_path()));
    }
    REQUIRE(fs::exists(path));

    const h5::Handle file = h5::open_file_read(path);

    SECTION("metadata") {
        const h5::Handle meta = h5::open_group(file, "metadata");
        for (const char* name :
             {"scenario_name", "scenario_description", "scenario_toml", "seed", "stream_group",
              "replicates", "asmsim_version", "git_commit", "created_utc", "command_line"}) {
            INFO("attribute " << name);
            CHECK(has_attr(meta, name));
        }
        CHECK(text_attr(meta, "scenario_toml") == metadata.scenario_toml);
        CHECK(text_attr(meta, "scenario_name") == "defaults");
        CHECK(text_attr(meta, "command_line") == metadata.command_line);
        CHECK(text_attr(meta, "asmsim_version") == asmsim::asmsim_version());
        CHECK(text_attr(meta, "git_commit") == asmsim::asmsim_git_commit());
        CHECK(text_attr(meta, "stream_group") == "io_test");
        CHECK(h5::read_int_attr(meta, "seed") == 5);
        CHECK(h5::read_int_attr(meta, "replicates") == 2);
        const std::string created = text_attr(meta, "created_utc");
        REQUIRE(created.size() == 20);  // 2024-06-11T12:34:56Z
        CHECK(created[4] == '-');
        CHECK(created[10] == 'T');
        CHECK(created.back() == 'Z');
    }

    SECTION("timeseries") {
        const h5::Handle ts = h5::open_group(file, "timeseries");
        const h5::Handle replicate_dim = h5::open_dataset(ts, "replicate");
        const h5::Handle month_dim = h5::open_dataset(ts, "month");
        CHECK(H5DSis_scale(replicate_dim) > 0);
        CHECK(H5DSis_scale(month_dim) > 0);
        std::vector<hsize_t> shape;
        CHECK(h5::read_all(replicate_dim, &shape) == std::vector<double>{0.0, 1.0});
        // The month coordinate is the first day of each month, in days since 1970-01-01.
        const std::vector<double> days = h5::read_all(month_dim, &shape);
        REQUIRE(days.size() == static_cast<std::size_t>(months));
        CHECK(days[0] == 10957.0);       // 2000-01-01
        CHECK(days[1] == 10957.0 + 31);  // 2000-02-01
        CHECK(days[17] == static_cast<double>(asmsim::YearMonth{2001, 6}.days_since_epoch()));
        CHECK(text_attr(month_dim, "units") == "days since 1970-01-01");

        const asmsim::Results& first = runs[0]->results();
        REQUIRE(first.specs().size() > 10);
        for (std::size_t j = 0; j < first.specs().size(); ++j) {
            const auto& spec = first.specs()[j];
            INFO("output " << spec.name);
            if (!spec.group.empty()) {
                // An output with a role dimension: one variable (replicate, role, month) per group,
                // the role coordinate a dimension scale of the labels.
                const h5::Handle dataset = h5::open_dataset(ts, spec.group);
                const std::vector<double> values = h5::read_all(dataset, &shape);
                const auto k = static_cast<hsize_t>(spec.labels.size());
                REQUIRE(shape == std::vector<hsize_t>{2, k, static_cast<hsize_t>(months)});
                for (int r = 0; r < replicates; ++r)
                    for (int m = 0; m < months; ++m)
                        REQUIRE(values[static_cast<std::size_t>((r * static_cast<int>(k) + spec.index) * months + m)] ==
                                runs[static_cast<std::size_t>(r)]->results().get(static_cast<int>(j), m));
                const h5::Handle role_dim = h5::open_dataset(ts, spec.dimension);
                CHECK(H5DSis_scale(role_dim) > 0);
                CHECK(h5::read_text(role_dim) == spec.labels);
                CHECK(scale_attached(dataset, role_dim, 1));
                CHECK(scale_attached(dataset, month_dim, 2));
                CHECK(text_attr(dataset, "units") == spec.units);
                CHECK(text_attr(dataset, "long_name") == spec.group_long_name);
                continue;
            }
            const h5::Handle dataset = h5::open_dataset(ts, spec.name);
            const std::vector<double> values = h5::read_all(dataset, &shape);
            REQUIRE(shape == std::vector<hsize_t>{2, static_cast<hsize_t>(months)});
            for (int r = 0; r < replicates; ++r) {
                const asmsim::Results& results = runs[static_cast<std::size_t>(r)]->results();
                for (int m = 0; m < months; ++m) {
                    INFO("replicate " << r << ", month " << m);
                    REQUIRE(values[static_cast<std::size_t>(r * months + m)] ==
                            results.get(static_cast<int>(j), m));
                }
            }
            CHECK(text_attr(dataset, "units") == spec.units);
            CHECK(text_attr(dataset, "long_name") == spec.long_name);
            int scales_replicate = H5DSget_num_scales(dataset, 0);
            int scales_month = H5DSget_num_scales(dataset, 1);
            CHECK(scales_replicate == 1);
            CHECK(scales_month == 1);
            CHECK(scale_attached(dataset, replicate_dim, 0));
            CHECK(scale_attached(dataset, month_dim, 1));
        }
    }

    SECTION("households") {
        const h5::Handle hh = h5::open_group(file, "households");
        const h5::Handle replicate_dim = h5::open_dataset(hh, "replicate");
        const h5::Handle household_dim = h5::open_dataset(hh, "household");
        int columns = 0;
        std::vector<std::map<std::string, std::vector<double>>> expected(2);
        for (int r = 0; r < replicates; ++r) {
            runs[static_cast<std::size_t>(r)]->world().households.for_each_column(
                [&](const char* name, const char*, const char*, const auto& column) {
                    auto& values = expected[static_cast<std::size_t>(r)][name];
                    for (Eigen::Index i = 0; i < column.size(); ++i)
                        values.push_back(static_cast<double>(column[i]));
                });
        }
        runs[0]->world().households.for_each_column(
            [&](const char* name, const char* units, const char* long_name, const auto&) {
                ++columns;
                INFO("column " << name);
                const h5::Handle dataset = h5::open_dataset(hh, name);
                std::vector<hsize_t> shape;
                const std::vector<double> values = h5::read_all(dataset, &shape);
                REQUIRE(shape == std::vector<hsize_t>{2, 120});
                for (int r = 0; r < replicates; ++r) {
                    const std::vector<double> row(values.begin() + r * 120,
                                                  values.begin() + (r + 1) * 120);
                    CHECK(row == expected[static_cast<std::size_t>(r)].at(name));
                }
                CHECK(text_attr(dataset, "long_name") == long_name);
                if (std::string(units).empty()) {
                    CHECK_FALSE(has_attr(dataset, "units"));
                } else {
                    CHECK(text_attr(dataset, "units") == units);
                }
                CHECK(scale_attached(dataset, replicate_dim, 0));
                CHECK(scale_attached(dataset, household_dim, 1));
            });
        // Every dataset of the group, other than the replicate and household scales, is a column
        // (the group holds nothing else), and the writer wrote every column the model visits.
        H5G_info_t info;
        REQUIRE(H5Gget_info(hh, &info) >= 0);
        CHECK(static_cast<hsize_t>(columns) + 2 == info.nlinks);
        CHECK(columns > 12);
        // The replicates differ, so the rows above were not compared with themselves.
        CHECK(expected[0].at("skill") != expected[1].at("skill"));
    }
}

TEST_CASE("AtomicOutput refuses an existing file unless asked to overwrite", "[io]") {
    TempDir dir("atomic_existing");
    const std::string path = dir.write("result.h5", "precious results");
    CHECK_THROWS_WITH(AtomicOutput(path, false), Catch::Matchers::Contains("exists"));
    CHECK(read_text(path) == "precious results");
    // No partial file was left behind either.
    int files = 0;
    for (const auto& entry : fs::directory_iterator(dir.path())) files += entry.is_regular_file();
    CHECK(files == 1);

    SECTION("with overwrite, commit replaces the file") {
        {
            AtomicOutput output(path, true);
            std::ofstream(output.partial_path()) << "new results";
            CHECK(read_text(path) == "precious results");  // untouched until commit
            output.commit();
        }
        CHECK(read_text(path) == "new results");
    }
    SECTION("missing folders are created, and removed again when the output is not committed") {
        {
            AtomicOutput output(dir.file("new/folder/out.h5"), false);
            CHECK(fs::is_directory(dir.file("new/folder")));
        }
        CHECK_FALSE(fs::exists(dir.file("new")));
        {
            AtomicOutput output(dir.file("new/folder/out.h5"), false);
            std::ofstream(output.partial_path()) << "results";
            output.commit();
        }
        CHECK(read_text(dir.file("new/folder/out.h5")) == "results");
    }
    SECTION("a file where a folder should be is refused") {
        CHECK_THROWS_WITH(AtomicOutput(path + "/out.h5", false), Catch::Matchers::Contains("is not a folder"));
    }
}

TEST_CASE("AtomicOutput removes its partial file unless committed", "[io]") {
    TempDir dir("atomic_partial");
    const std::string path = dir.file("out.h5");
    std::string partial;
    {
        AtomicOutput output(path, false);
        partial = output.partial_path();
        CHECK(output.final_path() == path);
        CHECK(partial != path);
        CHECK_THAT(partial, Catch::Matchers::StartsWith(path + ".partial-"));
        std::ofstream(partial) << "half a run";
        REQUIRE(fs::exists(partial));
    }  // destroyed without commit, as when an error unwinds the run
    CHECK_FALSE(fs::exists(partial));
    CHECK_FALSE(fs::exists(path));

    SECTION("commit renames the partial file to the final name") {
        {
            AtomicOutput output(path, false);
            std::ofstream(output.partial_path()) << "a whole run";
            output.commit();
            CHECK_FALSE(fs::exists(output.partial_path()));
            CHECK(read_text(path) == "a whole run");
        }
        CHECK(read_text(path) == "a whole run");  // the destructor keeps a committed file
    }
    SECTION("commit refuses a file that appeared during the run and keeps the results") {
        AtomicOutput output(path, false);
        std::ofstream(output.partial_path()) << "late results";
        std::ofstream(path) << "someone else's";
        CHECK_THROWS(output.commit());
        CHECK(read_text(path) == "someone else's");
        CHECK(read_text(output.partial_path()) == "late results");
        fs::remove(output.partial_path());
    }
}
