#include "io/sweep_merge.hpp"

#include <algorithm>
#include <filesystem>
#include <stdexcept>

#include "core/input_error.hpp"
#include "io/hdf5.hpp"
#include "io/sweep_file.hpp"

namespace asmsim {

namespace {

void replace_attr(hid_t object, const std::string& name, const std::string& value) {
    if (H5Aexists(object, name.c_str()) > 0) h5::check(H5Adelete(object, name.c_str()), "replace attribute " + name);
    h5::write_attr(object, name, value);
}

hsize_t extent(hid_t dataset, int axis) {
    h5::Handle space(H5Dget_space(dataset), H5Sclose, "get space");
    hsize_t dims[8] = {0};
    H5Sget_simple_extent_dims(space, dims, nullptr);
    return dims[axis];
}

}  // namespace

void merge_sweep_files(const std::vector<std::string>& shards, const std::string& output, const std::string& command_line) {
    if (shards.empty()) throw std::runtime_error("no shard files given");
    std::vector<h5::Handle> files;
    std::string fingerprint;
    std::vector<int> seen;
    for (const auto& path : shards) {
        files.push_back(h5::open_asmsim_file_read(path));
        h5::Handle meta = h5::open_group(files.back(), "metadata");
        if (H5Aexists(meta, "fingerprint") <= 0 || H5Aexists(meta, "shard") <= 0)
            throw InputError({path, 0, 0}, "", "an asmsim file, but not a sweep or a shard of one (no fingerprint)",
                             "merge takes the files of `asmsim sweep --shard`");
        const std::string f = h5::read_string_attr(meta, "fingerprint");
        const std::string shard = h5::read_string_attr(meta, "shard");
        int i = 0, n = 0;
        if (!parse_shard(shard, i, n))
            throw InputError({path, 0, 0}, "", "/metadata shard is '" + shard + "', expected i/n with 0 <= i < n");
        if (fingerprint.empty()) {
            fingerprint = f;
            seen.assign(static_cast<std::size_t>(n), 0);
        }
        if (f != fingerprint)
            throw InputError({path, 0, 0}, "", "belongs to a different sweep than " + shards.front() + " (fingerprints differ)");
        if (n != static_cast<int>(seen.size()))
            throw InputError({path, 0, 0}, "", "is shard " + shard + " but " + shards.front() + " has " + std::to_string(seen.size()) + " shards");
        if (seen[static_cast<std::size_t>(i)]++) throw InputError({path, 0, 0}, "", "shard " + shard + " given twice");
    }
    for (std::size_t i = 0; i < seen.size(); ++i)
        if (!seen[i]) throw InputError({}, "", "shard " + std::to_string(i) + "/" + std::to_string(seen.size()) + " is missing", "give every shard of the sweep");

    // Start from a copy of one shard (design, metadata, layout) and fill in the others' points.
    std::filesystem::copy_file(shards.front(), output, std::filesystem::copy_options::overwrite_existing);
    h5::Handle out = h5::open_file_rw(output);
    h5::Handle results = h5::open_group(out, "results");
    h5::Handle value = h5::open_dataset(results, "value");
    h5::Handle status = h5::open_dataset(results, "status");
    const hsize_t P = extent(value, 0), R = extent(value, 1), S = extent(value, 2);
    std::vector<std::string> series_names;
    if (h5::exists(out, "timeseries")) {
        const std::string sweep_toml = h5::read_string_attr(h5::open_group(out, "metadata"), "sweep_toml");
        h5::Handle ts = h5::open_group(out, "timeseries");
        H5G_info_t info;
        h5::check(H5Gget_info(ts, &info), "list /timeseries");
        for (hsize_t k = 0; k < info.nlinks; ++k) {
            char name[512];
            H5Lget_name_by_idx(ts, ".", H5_INDEX_CRT_ORDER, H5_ITER_INC, k, name, sizeof name, H5P_DEFAULT);
            const std::string n(name);
            if (n != "point" && n != "replicate" && n != "month") series_names.push_back(n);
        }
    }
    std::vector<std::string> errors = h5::read_text(h5::open_dataset(results, "error"));
    const hsize_t block = std::max<hsize_t>(1, 65536 / std::max<hsize_t>(1, R * S));
    for (hsize_t first = 0; first < P; first += block) {
        const hsize_t n = std::min(block, P - first);
        std::vector<double> merged_status = h5::read_block(status, {first}, {n});
        std::vector<double> merged_value = h5::read_block(value, {first, 0, 0}, {n, R, S});
        for (std::size_t k = 1; k < files.size(); ++k) {
            h5::Handle r = h5::open_group(files[k], "results");
            const std::vector<double> st = h5::read_block(h5::open_dataset(r, "status"), {first}, {n});
            bool any = false;
            for (hsize_t p = 0; p < n; ++p) any = any || (st[p] != point_not_run && merged_status[p] == point_not_run);
            if (!any) continue;
            const std::vector<double> v = h5::read_block(h5::open_dataset(r, "value"), {first, 0, 0}, {n, R, S});
            const std::vector<std::string> shard_errors = h5::read_text(h5::open_dataset(r, "error"));
            for (hsize_t p = 0; p < n; ++p) {
                if (st[p] == point_not_run || merged_status[p] != point_not_run) continue;
                merged_status[p] = st[p];
                std::copy(v.begin() + static_cast<std::ptrdiff_t>(p * R * S), v.begin() + static_cast<std::ptrdiff_t>((p + 1) * R * S),
                          merged_value.begin() + static_cast<std::ptrdiff_t>(p * R * S));
                errors[first + p] = shard_errors[first + p];
                for (const auto& name : series_names) {
                    h5::Handle from = h5::open_dataset(h5::open_group(files[k], "timeseries"), name);
                    h5::Handle to = h5::open_dataset(h5::open_group(out, "timeseries"), name);
                    const hsize_t M = extent(from, 2);
                    const std::vector<double> series = h5::read_block(from, {first + p, 0, 0}, {1, R, M});
                    h5::write_block(to, H5T_NATIVE_DOUBLE, {first + p, 0, 0}, {1, R, M}, series.data());
                }
            }
        }
        std::vector<signed char> status_bytes;
        for (double s : merged_status) {
            if (s == point_not_run) throw std::runtime_error("point " + std::to_string(first) + "+ was run by no shard");
            status_bytes.push_back(static_cast<signed char>(s));
        }
        h5::write_block(status, H5T_NATIVE_SCHAR, {first}, {n}, status_bytes.data());
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
    replace_attr(meta, "merged_from", std::to_string(shards.size()) + " shards");
    replace_attr(meta, "merge_command_line", command_line);
    h5::check(H5Fflush(out, H5F_SCOPE_GLOBAL), "flush " + output);
}

}  // namespace asmsim
