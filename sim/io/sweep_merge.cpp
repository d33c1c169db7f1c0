#include "io/sweep_merge.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <stdexcept>

#include "core/input_error.hpp"
#include "io/hdf5.hpp"
#include "io/sweep_analysis_file.hpp"
#include "io/sweep_file.hpp"

namespace asmsim {

namespace {

void replace_attr(hid_t object, const std::string& name, const std::string& value) {
    if (H5Aexists(object, name.c_str()) > 0) h5::check(H5Adelete(object, name.c_str()), "replace attribute " + name);
    h5::write_attr(object, name, value);
}

// The names of a file's series (every link in /timeseries but the dimensions), in name order.
std::vector<std::string> series_names(const h5::InputFile& file) {
    std::vector<std::string> names;
    if (!file.has("/timeseries")) return names;
    h5::Handle ts = h5::open_group(file, "timeseries");
    H5G_info_t info;
    h5::check(H5Gget_info(ts, &info), "list /timeseries");
    for (hsize_t k = 0; k < info.nlinks; ++k) {
        // The name's length first: a fixed buffer cut long names short.
        const ssize_t size = H5Lget_name_by_idx(ts, ".", H5_INDEX_NAME, H5_ITER_INC, k, nullptr, 0, H5P_DEFAULT);
        if (size < 0) file.fail("/timeseries cannot be listed (damaged file?)");
        std::string name(static_cast<std::size_t>(size) + 1, '\0');
        H5Lget_name_by_idx(ts, ".", H5_INDEX_NAME, H5_ITER_INC, k, name.data(), name.size(), H5P_DEFAULT);
        name.resize(static_cast<std::size_t>(size));
        if (name != "point" && name != "replicate" && name != "month") names.push_back(name);
    }
    return names;
}

// One shard file, opened and checked against the first shard's sizes before anything is merged.
struct Shard {
    h5::InputFile file;
    int index = 0, count = 1;
};

}  // namespace

void merge_sweep_files(const std::vector<std::string>& shards, const std::string& output, const std::string& command_line) {
    if (shards.empty()) throw std::runtime_error("no shard files given");
    std::vector<Shard> files;
    std::string fingerprint;
    std::vector<int> seen;
    std::vector<hsize_t> shape;  // of /results/value: points x replicates x statistics, from the first shard
    std::vector<std::string> series;
    hsize_t months = 0;
    for (const auto& path : shards) {
        h5::InputFile file(path, {"sweep", "sweep_shard"}, "a sweep or a shard of one");
        const std::string f = file.text_attr("/metadata", "fingerprint");
        const std::string shard = file.text_attr("/metadata", "shard");
        int i = 0, n = 0;
        if (!parse_shard(shard, i, n)) file.fail("/metadata@shard is '" + shard + "', expected i/n with 0 <= i < n");
        if (files.empty()) {  // the first shard: the others must match it
            fingerprint = f;
            seen.assign(static_cast<std::size_t>(n), 0);
            shape = file.shape("/results/value", 3);
            series = series_names(file);
            if (!series.empty()) months = file.shape("/timeseries/" + series.front(), 3)[2];
        }
        if (f != fingerprint)
            file.refuse("belongs to a different sweep than " + shards.front() + " (fingerprints differ)");
        if (n != static_cast<int>(seen.size()))
            file.refuse("is shard " + shard + " but " + shards.front() + " has " + std::to_string(seen.size()) + " shards");
        if (seen[static_cast<std::size_t>(i)]++) file.refuse("shard " + shard + " given twice");
        // Every dataset merge copies from must have the first shard's sizes: a shorter one was read past its end.
        const hsize_t P = shape[0];
        file.require_shape("/results/value", shape);
        file.require_shape("/results/status", {P}, h5::InputFile::Type::integer);
        file.require_shape("/results/error", {P}, h5::InputFile::Type::text);
        if (series_names(file) != series)
            file.fail("/timeseries holds other series than " + shards.front() + "'s");
        for (const auto& name : series) file.require_shape("/timeseries/" + name, {P, shape[1], months});
        files.push_back({std::move(file), i, n});
    }
    for (std::size_t i = 0; i < seen.size(); ++i)
        if (!seen[i]) throw InputError({}, "", "shard " + std::to_string(i) + "/" + std::to_string(seen.size()) + " is missing", "give every shard of the sweep");
    // The output copies the first shard's design: check it here, so an error names that file rather
    // than the partial output read back for the indices.
    read_sweep_for_analysis(shards.front());

    // Start from a copy of the first shard (design, metadata, layout) and fill in every point from
    // the shard that ran it (points p with p % n == i belong to shard i/n).
    std::filesystem::copy_file(shards.front(), output, std::filesystem::copy_options::overwrite_existing);
    h5::Handle out = h5::open_file_rw(output);
    h5::Handle results = h5::open_group(out, "results");
    h5::Handle value = h5::open_dataset(results, "value");
    h5::Handle status = h5::open_dataset(results, "status");
    const hsize_t P = shape[0], R = shape[1], S = shape[2];
    const auto count = static_cast<hsize_t>(seen.size());
    std::vector<std::string> errors(P);
    const hsize_t block = std::max<hsize_t>(1, 65536 / std::max<hsize_t>(1, R * S));
    for (hsize_t first = 0; first < P; first += block) {
        const hsize_t n = std::min(block, P - first);
        std::vector<signed char> merged_status(n, point_not_run);
        std::vector<double> merged_value(n * R * S, std::nan(""));
        for (const Shard& shard : files) {
            const std::vector<double> st = shard.file.block("/results/status", {first}, {n});
            bool any = false;
            for (hsize_t p = 0; p < n; ++p) {
                // A status that disagrees with the shard's points would silently drop or duplicate a point.
                const bool owned = (first + p) % count == static_cast<hsize_t>(shard.index);
                const bool ran = st[p] == point_ok || st[p] == point_failed;
                if (owned != ran)
                    shard.file.fail("/results/status of point " + std::to_string(first + p) + " is " + std::to_string(static_cast<long long>(st[p])) +
                                    ", expected " + (owned ? "0 or 1: shard " : "2: not run by shard ") + std::to_string(shard.index) + "/" +
                                    std::to_string(shard.count) + " (it runs the points p with p % " + std::to_string(shard.count) +
                                    " == " + std::to_string(shard.index) + ")");
                any = any || owned;
            }
            if (!any) continue;
            const std::vector<double> v = shard.file.block("/results/value", {first, 0, 0}, {n, R, S});
            const std::vector<std::string> shard_errors = shard.file.texts("/results/error", P);
            for (hsize_t p = 0; p < n; ++p) {
                if ((first + p) % count != static_cast<hsize_t>(shard.index)) continue;
                merged_status[p] = static_cast<signed char>(st[p]);
                std::copy(v.begin() + static_cast<std::ptrdiff_t>(p * R * S), v.begin() + static_cast<std::ptrdiff_t>((p + 1) * R * S),
                          merged_value.begin() + static_cast<std::ptrdiff_t>(p * R * S));
                errors[first + p] = shard_errors[first + p];
                for (const auto& name : series) {
                    h5::Handle to = h5::open_dataset(out, "/timeseries/" + name);
                    const std::vector<double> values = shard.file.block("/timeseries/" + name, {first + p, 0, 0}, {1, R, months});
                    h5::write_block(to, H5T_NATIVE_DOUBLE, {first + p, 0, 0}, {1, R, months}, values.data());
                }
            }
        }
        h5::write_block(status, H5T_NATIVE_SCHAR, {first}, {n}, merged_status.data());
        h5::write_block(value, H5T_NATIVE_DOUBLE, {first, 0, 0}, {n, R, S}, merged_value.data());
    }
    {
        // Errors: the dataset has one string per point; rewrite it whole.
        h5::Handle error = h5::open_dataset(results, "error");
        h5::Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "copy string type");
        h5::check(H5Tset_size(type, H5T_VARIABLE), "set string size");
        h5::check(H5Tset_cset(type, H5T_CSET_UTF8), "set string charset");
        std::vector<const char*> pointers;
        for (const auto& e : errors) pointers.push_back(e.c_str());
        if (!pointers.empty()) h5::check(H5Dwrite(error, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()), "write errors");
    }
    h5::Handle meta = h5::open_group(out, "metadata");
    replace_attr(meta, "shard", "0/1");
    replace_attr(meta, "file_kind", "sweep");
    replace_attr(meta, "merged_from", std::to_string(shards.size()) + " shards");
    replace_attr(meta, "merge_command_line", command_line);
    h5::check(H5Fflush(out, H5F_SCOPE_GLOBAL), "flush " + output);
}

}  // namespace asmsim
