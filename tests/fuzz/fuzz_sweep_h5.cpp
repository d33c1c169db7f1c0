// Fuzz target: the HDF5 input readers (`asmsim analyze` and `asmsim merge`), on files that are
// valid HDF5 but inconsistent. The fuzzer's bytes do not become the file: they are a script of
// edits applied, through the HDF5 library, to a real sweep or shard file (so HDF5's own parser,
// which is not ours, is not what gets fuzzed). Seed files come from tests/fuzz/make_h5_seeds.sh,
// in the folder named by ASMSIM_FUZZ_H5_SEEDS: sweep_sobol.h5 and sweep_morris.h5 (for analyze),
// shard0.h5 and shard1.h5 (for merge).
//
// Script: byte 0 picks the case (0: the Sobol' sweep, 1: the Morris sweep, 2: shard 0 merged with
// an intact shard 1);
// then edits of 4 bytes (operation, object, two arguments) followed by the bytes some edits use.
// Objects are the file's datasets and attributes in a fixed order (H5Ovisit by name).

#include <hdf5.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "io/sweep_analysis_file.hpp"
#include "io/sweep_merge.hpp"
#include "sweep/analyze.hpp"

namespace {

struct Object {
    std::string path;       // dataset, or the object holding the attribute
    std::string attribute;  // empty for a dataset
};

std::vector<std::string> seeds;  // file contents, in seed_names' order
constexpr const char* seed_names[] = {"sweep_sobol.h5", "sweep_morris.h5", "shard0.h5", "shard1.h5"};

std::string read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

herr_t collect_attribute(hid_t, const char* name, const H5A_info_t*, void* data) {
    static_cast<std::vector<std::string>*>(data)->push_back(name);
    return 0;
}

herr_t collect_object(hid_t root, const char* name, const H5O_info_t* info, void* data) {
    auto& objects = *static_cast<std::vector<Object>*>(data);
    if (info->type == H5O_TYPE_DATASET) objects.push_back({name, ""});
    std::vector<std::string> attributes;
    H5Aiterate_by_name(root, name, H5_INDEX_NAME, H5_ITER_INC, nullptr, collect_attribute, &attributes, H5P_DEFAULT);
    for (auto& a : attributes) objects.push_back({name, a});
    return 0;
}

// Reads bytes from the script's tail, zero when it has run out.
struct Tail {
    const std::uint8_t* data;
    std::size_t size, at = 0;
    std::uint8_t byte() { return at < size ? data[at++] : 0; }
    std::int64_t int64() {
        std::uint64_t v = 0;
        for (int k = 0; k < 8; ++k) v = (v << 8) | byte();
        return static_cast<std::int64_t>(v);
    }
    double real() {
        const std::int64_t bits = int64();
        double v;
        std::memcpy(&v, &bits, sizeof v);
        return v;
    }
};

// Replaces a dataset by one of another shape (rank 0..5; sizes from the script) and element
// type (double, int64 or text), filled from the script.
void reshape_dataset(hid_t file, const std::string& path, int rank, int kind, Tail& tail) {
    hsize_t dims[5];
    hsize_t count = 1;
    for (int k = 0; k < rank; ++k) {
        dims[k] = tail.byte() % 9;  // up to 8 along each dimension
        count *= dims[k];
    }
    H5Ldelete(file, path.c_str(), H5P_DEFAULT);
    const hid_t space = rank == 0 ? H5Screate(H5S_SCALAR) : H5Screate_simple(rank, dims, nullptr);
    hid_t type = kind == 0 ? H5Tcopy(H5T_NATIVE_DOUBLE) : kind == 1 ? H5Tcopy(H5T_NATIVE_INT64) : H5Tcopy(H5T_C_S1);
    if (kind == 2) H5Tset_size(type, H5T_VARIABLE);
    hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
    H5Pset_create_intermediate_group(lcpl, 1);
    const hid_t dataset = H5Dcreate2(file, path.c_str(), type, space, lcpl, H5P_DEFAULT, H5P_DEFAULT);
    if (dataset >= 0 && count > 0) {
        if (kind == 0) {
            std::vector<double> v(count);
            for (auto& x : v) x = tail.real();
            H5Dwrite(dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data());
        } else if (kind == 1) {
            std::vector<std::int64_t> v(count);
            for (auto& x : v) x = tail.int64();
            H5Dwrite(dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data());
        } else {
            std::vector<std::string> text(count);
            std::vector<const char*> pointers(count);
            for (hsize_t k = 0; k < count; ++k) {
                text[k].assign(tail.byte() % 12, static_cast<char>('a' + k % 26));
                pointers[k] = text[k].c_str();
            }
            H5Dwrite(dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data());
        }
    }
    if (dataset >= 0) H5Dclose(dataset);
    H5Pclose(lcpl);
    H5Tclose(type);
    H5Sclose(space);
}

// Overwrites one element of a numeric dataset, read as double and written back.
void poke_dataset(hid_t file, const std::string& path, std::uint8_t where, Tail& tail) {
    const hid_t dataset = H5Dopen2(file, path.c_str(), H5P_DEFAULT);
    if (dataset < 0) return;
    const hid_t type = H5Dget_type(dataset);
    const hid_t space = H5Dget_space(dataset);
    const hssize_t n = H5Sget_simple_extent_npoints(space);
    if (H5Tget_class(type) != H5T_STRING && n > 0 && n < 1'000'000) {
        std::vector<double> v(static_cast<std::size_t>(n));
        if (H5Dread(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()) >= 0) {
            const std::uint8_t pick = tail.byte();
            const double values[] = {-1.0, 0.0, 1e300, -2147483649.0, 2147483648.0, std::nan(""), 1e-300, 65536.0};
            v[where % v.size()] = pick < 8 ? values[pick] : tail.real();
            H5Dwrite(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data());
        }
    }
    H5Sclose(space);
    H5Tclose(type);
    H5Dclose(dataset);
}

// Replaces an attribute by a scalar integer, a real, a string or a 1-D integer array.
void replace_attribute(hid_t file, const Object& o, int kind, Tail& tail) {
    H5Adelete_by_name(file, o.path.c_str(), o.attribute.c_str(), H5P_DEFAULT);
    const hid_t object = H5Oopen(file, o.path.c_str(), H5P_DEFAULT);
    if (object < 0) return;
    if (kind == 0 || kind == 1) {
        const hid_t space = H5Screate(H5S_SCALAR);
        const hid_t type = kind == 0 ? H5T_NATIVE_INT64 : H5T_NATIVE_DOUBLE;
        const hid_t attr = H5Acreate2(object, o.attribute.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT);
        if (kind == 0) {
            const std::int64_t choices[] = {-1, 0, 1, 2, 3, 1LL << 31, -(1LL << 40), INT64_MAX};
            const std::uint8_t pick = tail.byte();
            const std::int64_t v = pick < 8 ? choices[pick] : tail.int64();
            H5Awrite(attr, type, &v);
        } else {
            const double v = tail.real();
            H5Awrite(attr, type, &v);
        }
        H5Aclose(attr);
        H5Sclose(space);
    } else if (kind == 2) {
        std::string text(tail.byte() % 24, 'x');
        for (auto& c : text) c = static_cast<char>(tail.byte() % 95 + 32);
        const hid_t type = H5Tcopy(H5T_C_S1);
        H5Tset_size(type, std::max<std::size_t>(text.size(), 1));
        const hid_t space = H5Screate(H5S_SCALAR);
        const hid_t attr = H5Acreate2(object, o.attribute.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT);
        text.resize(std::max<std::size_t>(text.size(), 1), '\0');
        H5Awrite(attr, type, text.data());
        H5Aclose(attr);
        H5Sclose(space);
        H5Tclose(type);
    } else {
        const hsize_t n = tail.byte() % 6;
        std::vector<std::int64_t> v(n);
        for (auto& x : v) x = tail.int64();
        const hid_t space = H5Screate_simple(1, &n, nullptr);
        const hid_t attr = H5Acreate2(object, o.attribute.c_str(), H5T_NATIVE_INT64, space, H5P_DEFAULT, H5P_DEFAULT);
        if (n > 0) H5Awrite(attr, H5T_NATIVE_INT64, v.data());
        H5Aclose(attr);
        H5Sclose(space);
    }
    H5Oclose(object);
}

void apply_script(const std::string& path, const std::uint8_t* data, std::size_t size) {
    const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    if (file < 0) return;
    std::vector<Object> objects;
    H5Ovisit2(file, H5_INDEX_NAME, H5_ITER_INC, collect_object, &objects, H5O_INFO_BASIC);
    // Edits first (4 bytes each, up to 8 of them, as many as the first byte says); the rest is the tail.
    const std::size_t edits = std::min<std::size_t>(size > 0 ? data[0] % 9 : 0, (size > 0 ? size - 1 : 0) / 4);
    Tail tail{data + 1 + 4 * edits, size - std::min(size, 1 + 4 * edits)};
    for (std::size_t e = 0; e < edits && !objects.empty(); ++e) {
        const std::uint8_t* op = data + 1 + 4 * e;
        const Object& o = objects[op[1] % objects.size()];
        const int a = op[2], b = op[3];
        if (o.attribute.empty()) {
            switch (op[0] % 4) {
            case 0: reshape_dataset(file, o.path, a % 6, b % 3, tail); break;
            case 1: poke_dataset(file, o.path, static_cast<std::uint8_t>(a), tail); break;
            case 2: H5Ldelete(file, o.path.c_str(), H5P_DEFAULT); break;
            default: reshape_dataset(file, o.path, 1, b % 3, tail); break;  // a 1-D list of another length
            }
        } else if (op[0] % 3 == 2) {
            H5Adelete_by_name(file, o.path.c_str(), o.attribute.c_str(), H5P_DEFAULT);
        } else {
            replace_attribute(file, o, a % 4, tail);
        }
    }
    H5Fclose(file);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    const char* folder = std::getenv("ASMSIM_FUZZ_H5_SEEDS");
    if (folder == nullptr) {
        std::fprintf(stderr, "fuzz_sweep_h5: set ASMSIM_FUZZ_H5_SEEDS to the folder of tests/fuzz/make_h5_seeds.sh\n");
        std::exit(2);
    }
    for (const char* name : seed_names) {
        seeds.push_back(read_bytes(std::string(folder) + "/" + name));
        if (seeds.back().empty()) {
            std::fprintf(stderr, "fuzz_sweep_h5: %s/%s is missing or empty\n", folder, name);
            std::exit(2);
        }
    }
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // the library's own error printing
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace asmsim;
    if (size == 0) return 0;
    const int which = data[0] % 3;
    const bool merge = which == 2;
    const std::string path = fuzz::write_file(seed_names[which], seeds[static_cast<std::size_t>(which)]);
    apply_script(path, data + 1, size - 1);
    try {
        if (merge) {
            const std::string other = fuzz::write_file("shard1.h5", seeds[3]);
            const std::string out = fuzz::scratch() + "/merged.h5";
            std::filesystem::remove(out);
            merge_sweep_files({path, other}, out, "fuzz");
        } else {
            const SweepForAnalysis sweep = read_sweep_for_analysis(path);
            if (has_indices(sweep.design)) {
                BootstrapOptions bootstrap;
                bootstrap.resamples = 20;
                (void)analyze_sweep(sweep, bootstrap);
            }
        }
    } catch (const std::exception&) {
    }
    return 0;
}
