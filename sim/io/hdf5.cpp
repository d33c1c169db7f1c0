#include "io/hdf5.hpp"

#include <hdf5_hl.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <limits>
#include <stdexcept>

#include "core/input_error.hpp"

namespace asmsim::h5 {

Handle::Handle(hid_t id, herr_t (*close)(hid_t), const std::string& what) : id_(id), close_(close) {
    if (id < 0) throw std::runtime_error("HDF5: cannot " + what);
}
Handle::Handle(Handle&& other) noexcept : id_(other.id_), close_(other.close_) {
    other.id_ = H5I_INVALID_HID;
}
Handle& Handle::operator=(Handle&& other) noexcept {
    if (this != &other) {
        close();
        id_ = other.id_;
        close_ = other.close_;
        other.id_ = H5I_INVALID_HID;
    }
    return *this;
}
Handle::~Handle() { close(); }
void Handle::close() {
    if (id_ >= 0 && close_) close_(id_);
    id_ = H5I_INVALID_HID;
}

void disable_library_exit_cleanup() { H5dont_atexit(); }

void flush(hid_t file) {
    if (H5Fflush(file, H5F_SCOPE_GLOBAL) >= 0) return;
    char name[4096] = {0};
    H5Fget_name(file, name, sizeof name);
    const std::string path = name[0] ? name : "the output file";
    // Name the output the user asked for, not its partial file (which is removed).
    const std::string shown = path.substr(0, path.find(".partial-"));
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::space_info space = fs::space(fs::path(path).parent_path().empty() ? fs::path(".") : fs::path(path).parent_path(), ec);
    const std::uintmax_t size = fs::file_size(path, ec);
    const auto mb = [](std::uintmax_t bytes) { return std::to_string((bytes + 999'999) / 1'000'000); };
    if (!ec && space.available < (16u << 20))
        throw std::runtime_error(shown + ": no space left on device (the file had reached about " + mb(size) +
                                 " MB when writing failed; " + mb(space.available) + " MB free)");
    throw std::runtime_error(shown + ": cannot write the file (HDF5 flush failed)");
}

void silence_errors() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

void check(herr_t status, const std::string& what) {
    if (status < 0) throw std::runtime_error("HDF5: cannot " + what);
}

Handle create_file(const std::string& path) {
    silence_errors();
    // Track creation order so tools list variables as written.
    Handle fcpl(H5Pcreate(H5P_FILE_CREATE), H5Pclose, "create file properties");
    check(H5Pset_link_creation_order(fcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED), "set order");
    return Handle(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, fcpl, H5P_DEFAULT), H5Fclose, "create " + path);
}

Handle open_file_read(const std::string& path) {
    silence_errors();
    return Handle(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open " + path);
}

Handle open_asmsim_file_read(const std::string& path) {
    const std::string reason = unreadable_input_reason(path, ~std::uintmax_t{0});
    if (!reason.empty()) throw InputError({path, 0, 0}, "", path.empty() ? "empty path where a results file is expected" : reason, "check the path");
    silence_errors();
    if (std::filesystem::file_size(path) == 0) throw InputError({path, 0, 0}, "", "empty file, not an HDF5 file");
    if (H5Fis_hdf5(path.c_str()) <= 0) {
        // A valid signature with an unreadable body: the file was cut short or damaged.
        std::ifstream in(path, std::ios::binary);
        char signature[8] = {};
        in.read(signature, 8);
        if (std::string(signature, 8) == std::string("\x89HDF\r\n\x1a\n", 8))
            throw InputError({path, 0, 0}, "", "truncated or damaged HDF5 file");
        throw InputError({path, 0, 0}, "", "not an HDF5 file (asmsim writes its results as HDF5)");
    }
    hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    if (id < 0) throw InputError({path, 0, 0}, "", "truncated or damaged HDF5 file");
    Handle file(id, H5Fclose, "open " + path);
    if (!exists(file, "metadata") || H5Aexists_by_name(file, "metadata", "asmsim_version", H5P_DEFAULT) <= 0)
        throw InputError({path, 0, 0}, "", "not an asmsim file (no /metadata with asmsim_version)");
    return file;
}

Handle open_file_rw(const std::string& path) {
    silence_errors();
    return Handle(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose, "open " + path + " for writing");
}

bool exists(hid_t parent, const std::string& name) { return H5Lexists(parent, name.c_str(), H5P_DEFAULT) > 0; }

Handle create_group(hid_t parent, const std::string& name) {
    Handle gcpl(H5Pcreate(H5P_GROUP_CREATE), H5Pclose, "create group properties");
    check(H5Pset_link_creation_order(gcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED), "set order");
    return Handle(H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, gcpl, H5P_DEFAULT), H5Gclose,
                  "create group " + name);
}

Handle open_group(hid_t parent, const std::string& name) {
    return Handle(H5Gopen2(parent, name.c_str(), H5P_DEFAULT), H5Gclose, "open group " + name);
}

Handle open_dataset(hid_t parent, const std::string& name) {
    return Handle(H5Dopen2(parent, name.c_str(), H5P_DEFAULT), H5Dclose, "open dataset " + name);
}

void write_attr(hid_t object, const std::string& name, const std::string& value) {
    Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "copy string type");
    check(H5Tset_size(type, H5T_VARIABLE), "set string size");
    check(H5Tset_cset(type, H5T_CSET_UTF8), "set string charset");
    Handle space(H5Screate(H5S_SCALAR), H5Sclose, "create scalar space");
    Handle attr(H5Acreate2(object, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
                "create attribute " + name);
    const char* text = value.c_str();
    check(H5Awrite(attr, type, &text), "write attribute " + name);
}

namespace {
template <class T>
void write_scalar_attr(hid_t object, const std::string& name, T value, hid_t type) {
    Handle space(H5Screate(H5S_SCALAR), H5Sclose, "create scalar space");
    Handle attr(H5Acreate2(object, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
                "create attribute " + name);
    check(H5Awrite(attr, type, &value), "write attribute " + name);
}
}  // namespace

void write_attr(hid_t object, const std::string& name, double value) {
    write_scalar_attr(object, name, value, H5T_NATIVE_DOUBLE);
}
void write_attr(hid_t object, const std::string& name, std::int64_t value) {
    write_scalar_attr(object, name, value, H5T_NATIVE_INT64);
}

std::string read_string_attr(hid_t object, const std::string& name) {
    Handle attr(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose, "open attribute " + name);
    Handle type(H5Aget_type(attr), H5Tclose, "get attribute type");
    if (H5Tis_variable_str(type) > 0) {
        Handle memtype(H5Tcopy(H5T_C_S1), H5Tclose, "copy string type");
        check(H5Tset_size(memtype, H5T_VARIABLE), "set string size");
        check(H5Tset_cset(memtype, H5Tget_cset(type)), "set string charset");  // HDF5 will not convert UTF-8 to ASCII
        char* text = nullptr;
        check(H5Aread(attr, memtype, &text), "read attribute " + name);
        std::string out = text ? text : "";
        H5free_memory(text);
        return out;
    }
    std::string out(H5Tget_size(type), '\0');
    check(H5Aread(attr, type, out.data()), "read attribute " + name);
    return out.substr(0, out.find('\0'));
}

std::int64_t read_int_attr(hid_t object, const std::string& name) {
    Handle attr(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose, "open attribute " + name);
    std::int64_t value = 0;
    check(H5Aread(attr, H5T_NATIVE_INT64, &value), "read attribute " + name);
    return value;
}

double read_double_attr(hid_t object, const std::string& name) {
    Handle attr(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose, "open attribute " + name);
    double value = 0;
    check(H5Aread(attr, H5T_NATIVE_DOUBLE, &value), "read attribute " + name);
    return value;
}

Handle create_dimension(hid_t group, const std::string& name, const std::vector<std::int64_t>& values,
                        const std::string& units, const std::string& long_name) {
    hsize_t n = values.size();
    Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose, "create space for " + name);
    Handle dataset(H5Dcreate2(group, name.c_str(), H5T_NATIVE_INT64, space, H5P_DEFAULT, H5P_DEFAULT,
                              H5P_DEFAULT),
                   H5Dclose, "create dimension " + name);
    if (n > 0) check(H5Dwrite(dataset, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
                     "write dimension " + name);
    check(H5DSset_scale(dataset, name.c_str()), "make " + name + " a dimension scale");
    if (!units.empty()) write_attr(dataset, "units", units);
    write_attr(dataset, "long_name", long_name);
    return dataset;
}

namespace {
Handle write_text_dataset(hid_t group, const std::string& name, const std::vector<std::string>& labels) {
    Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "copy string type");
    check(H5Tset_size(type, H5T_VARIABLE), "set string size");
    check(H5Tset_cset(type, H5T_CSET_UTF8), "set string charset");
    hsize_t n = labels.size();
    Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose, "create space for " + name);
    Handle dataset(H5Dcreate2(group, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Dclose,
                   "create " + name);
    std::vector<const char*> pointers;
    for (const auto& label : labels) pointers.push_back(label.c_str());
    if (n > 0) check(H5Dwrite(dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()), "write " + name);
    return dataset;
}
}  // namespace

Handle create_text_dimension(hid_t group, const std::string& name, const std::vector<std::string>& labels,
                             const std::string& long_name) {
    Handle dataset = write_text_dataset(group, name, labels);
    check(H5DSset_scale(dataset, name.c_str()), "make " + name + " a dimension scale");
    write_attr(dataset, "long_name", long_name);
    return dataset;
}

Handle create_text_variable(hid_t group, const std::string& name, const std::vector<std::string>& labels,
                            hid_t dimension, const std::string& long_name) {
    Handle dataset = write_text_dataset(group, name, labels);
    check(H5DSattach_scale(dataset, dimension, 0), "attach dimension to " + name);
    write_attr(dataset, "long_name", long_name);
    return dataset;
}

Handle create_dataset(hid_t group, const std::string& name, hid_t type, const std::vector<hsize_t>& shape,
                      const std::vector<hsize_t>& chunk, const std::vector<hid_t>& dimensions,
                      const std::string& units, const std::string& long_name) {
    const int rank = static_cast<int>(shape.size());
    Handle space(H5Screate_simple(rank, shape.data(), nullptr), H5Sclose, "create space for " + name);
    Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "create dataset properties");
    bool empty = false;
    for (hsize_t s : shape) empty = empty || s == 0;
    if (!empty) {
        check(H5Pset_chunk(dcpl, rank, chunk.data()), "chunk " + name);
        check(H5Pset_shuffle(dcpl), "shuffle " + name);
        check(H5Pset_deflate(dcpl, 4), "compress " + name);
    }
    Handle dataset(H5Dcreate2(group, name.c_str(), type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT), H5Dclose,
                   "create dataset " + name);
    for (int axis = 0; axis < rank; ++axis)
        check(H5DSattach_scale(dataset, dimensions[axis], static_cast<unsigned>(axis)),
              "attach dimension to " + name);
    if (!units.empty()) write_attr(dataset, "units", units);
    write_attr(dataset, "long_name", long_name);
    return dataset;
}

void write_block(hid_t dataset, hid_t type, const std::vector<hsize_t>& offset,
                 const std::vector<hsize_t>& count, const void* data) {
    const int rank = static_cast<int>(count.size());
    Handle file_space(H5Dget_space(dataset), H5Sclose, "get dataset space");
    check(H5Sselect_hyperslab(file_space, H5S_SELECT_SET, offset.data(), nullptr, count.data(), nullptr),
          "select block");
    Handle memory_space(H5Screate_simple(rank, count.data(), nullptr), H5Sclose, "create memory space");
    check(H5Dwrite(dataset, type, memory_space, file_space, H5P_DEFAULT, data), "write block");
}

std::vector<double> read_all(hid_t dataset, std::vector<hsize_t>* shape) {
    Handle space(H5Dget_space(dataset), H5Sclose, "get dataset space");
    int rank = H5Sget_simple_extent_ndims(space);
    std::vector<hsize_t> dims(static_cast<std::size_t>(std::max(rank, 0)));
    H5Sget_simple_extent_dims(space, dims.data(), nullptr);
    hsize_t n = 1;
    for (hsize_t d : dims) n *= d;
    std::vector<double> values(n);
    if (n > 0) check(H5Dread(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
                     "read dataset");
    if (shape) *shape = dims;
    return values;
}

std::vector<double> read_block(hid_t dataset, const std::vector<hsize_t>& offset, const std::vector<hsize_t>& count) {
    const int rank = static_cast<int>(count.size());
    hsize_t n = 1;
    for (hsize_t c : count) n *= c;
    std::vector<double> values(n);
    if (n == 0) return values;
    Handle file_space(H5Dget_space(dataset), H5Sclose, "get dataset space");
    check(H5Sselect_hyperslab(file_space, H5S_SELECT_SET, offset.data(), nullptr, count.data(), nullptr), "select block");
    Handle memory_space(H5Screate_simple(rank, count.data(), nullptr), H5Sclose, "create memory space");
    check(H5Dread(dataset, H5T_NATIVE_DOUBLE, memory_space, file_space, H5P_DEFAULT, values.data()), "read block");
    return values;
}

std::vector<std::string> read_text(hid_t dataset) {
    Handle space(H5Dget_space(dataset), H5Sclose, "get dataset space");
    // Every element, whatever the rank: sizing by the first axis alone overflowed on a 2-D dataset.
    const hssize_t points = H5Sget_simple_extent_npoints(space);
    const auto n = static_cast<std::size_t>(std::max<hssize_t>(points, 0));
    Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "copy string type");
    check(H5Tset_size(type, H5T_VARIABLE), "set string size");
    check(H5Tset_cset(type, H5T_CSET_UTF8), "set string charset");
    std::vector<char*> pointers(n, nullptr);
    std::vector<std::string> out;
    if (n == 0) return out;
    check(H5Dread(dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()), "read text");
    for (char* p : pointers) out.emplace_back(p ? p : "");
    H5Dvlen_reclaim(type, space, H5P_DEFAULT, pointers.data());
    return out;
}

void write_file_kind(hid_t metadata, const std::string& kind) {
    write_attr(metadata, "file_kind", kind);
    write_attr(metadata, "format_version", format_version);
}

namespace {

const char* kind_description(const std::string& kind) {
    if (kind == "run") return "a run file";
    if (kind == "comparison") return "a comparison file";
    if (kind == "sweep") return "a sweep file";
    if (kind == "sweep_shard") return "a shard of a sweep";
    if (kind == "calibration") return "a calibration file";
    if (kind == "uncertainty_comparison") return "a comparison under parameter uncertainty";
    return nullptr;
}

// The kind of a file written before /metadata@file_kind, from what it holds.
std::string legacy_kind(const InputFile& file) {
    if (file.has("/design") && file.has("/results")) {
        if (file.has_attr("/metadata", "shard")) {
            const std::string shard = file.text_attr("/metadata", "shard");
            if (shard.size() < 2 || shard.compare(shard.size() - 2, 2, "/1") != 0) return "sweep_shard";
        }
        return "sweep";
    }
    return file.has_attr("/metadata", "experiment_toml") ? "comparison" : "run";
}

std::string join(const std::vector<hsize_t>& dims) {
    std::string text;
    for (hsize_t d : dims) text += (text.empty() ? "" : " x ") + std::to_string(d);
    return text;
}

}  // namespace

InputFile::InputFile(const std::string& path, const std::vector<std::string>& kinds, const std::string& wanted)
    : path_(path), file_(open_asmsim_file_read(path)) {
    if (has_attr("/metadata", "format_version")) {
        const std::int64_t version = int_attr("/metadata", "format_version", 0, std::numeric_limits<std::int64_t>::max());
        if (version > format_version)
            refuse("written by a newer asmsim (file format version " + std::to_string(version) + "; this asmsim reads up to " +
                 std::to_string(format_version) + ")");
    }
    if (has_attr("/metadata", "file_kind")) {
        kind_ = text_attr("/metadata", "file_kind");
        if (!kind_description(kind_))
            refuse("not an asmsim file (/metadata@file_kind is '" + kind_ +
                   "', expected run, comparison, sweep, sweep_shard, calibration or uncertainty_comparison)");
    } else {
        kind_ = legacy_kind(*this);
    }
    if (std::find(kinds.begin(), kinds.end(), kind_) == kinds.end())
        refuse("an asmsim file, but not " + wanted + " (" + kind_description(kind_) + ")");
}

bool InputFile::has(const std::string& object) const {
    // H5Lexists fails rather than answering for a path whose parent group is missing: check each step.
    std::string prefix;
    for (std::size_t start = 1; start <= object.size();) {
        const std::size_t end = std::min(object.find('/', start), object.size());
        prefix = object.substr(0, end);
        if (!exists(file_, prefix)) return false;
        start = end + 1;
    }
    return true;
}

bool InputFile::has_attr(const std::string& object, const std::string& name) const {
    return has(object) && H5Aexists_by_name(file_, object.c_str(), name.c_str(), H5P_DEFAULT) > 0;
}

void InputFile::fail(const std::string& message) const { throw std::runtime_error(path_ + ": " + message); }
void InputFile::refuse(const std::string& message) const { throw InputError({path_, 0, 0}, "", message); }

std::vector<hsize_t> InputFile::shape(const std::string& dataset, int rank, Type expected) const {
    if (!has(dataset)) fail("has no dataset " + dataset);
    const hid_t object = H5Oopen(file_, dataset.c_str(), H5P_DEFAULT);
    if (object < 0) fail(dataset + " cannot be opened (damaged file?)");
    Handle set(object, H5Oclose, "open " + dataset);
    if (H5Iget_type(set) != H5I_DATASET) fail(dataset + " is not a dataset");
    Handle type(H5Dget_type(set), H5Tclose, "get the type of " + dataset);
    const H5T_class_t type_class = H5Tget_class(type);
    if (expected == Type::text && (type_class != H5T_STRING || H5Tis_variable_str(type) <= 0))
        fail(dataset + " is not text (variable-length strings)");
    if (expected == Type::integer && type_class != H5T_INTEGER) fail(dataset + " is not integers");
    if (expected == Type::number && type_class != H5T_INTEGER && type_class != H5T_FLOAT) fail(dataset + " is not numbers");
    Handle space(H5Dget_space(set), H5Sclose, "get the space of " + dataset);
    const int found = H5Sget_simple_extent_ndims(space);
    if (found != rank)
        fail(dataset + " has " + std::to_string(found) + " dimensions, expected " + std::to_string(rank));
    std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
    if (rank > 0 && H5Sget_simple_extent_dims(space, dims.data(), nullptr) < 0) fail(dataset + ": truncated or damaged HDF5 file");
    // A bound on the element count keeps every product of dimensions the readers form from wrapping
    // around (a wrapped size allocated a small buffer that the read then overran).
    constexpr hsize_t most = hsize_t{1} << 40;
    hsize_t elements = 1;
    for (hsize_t d : dims) {
        if (d > most || (d > 0 && elements > most / d))
            fail(dataset + " has shape " + join(dims) + ", more than the 2^40 values asmsim reads from one dataset");
        elements *= d;
    }
    return dims;
}

void InputFile::require_shape(const std::string& dataset, const std::vector<hsize_t>& expected, Type type) const {
    const std::vector<hsize_t> dims = shape(dataset, static_cast<int>(expected.size()), type);
    if (dims.size() == 1 && dims != expected)
        fail(dataset + " has " + std::to_string(dims[0]) + " entries, expected " + std::to_string(expected[0]));
    if (dims != expected) fail(dataset + " has shape " + join(dims) + ", expected " + join(expected));
}

template <class Read>
auto InputFile::reading(const std::string& object, Read read) const {
    try {
        return read();
    } catch (const InputError&) {
        throw;
    } catch (const std::runtime_error&) {
        // The layout checked out, so the data itself is unreadable: a damaged chunk or a cut file.
        fail(object + " cannot be read: truncated or damaged HDF5 file");
    }
}

std::vector<std::int64_t> InputFile::integers(const std::string& dataset, hsize_t n) const {
    require_shape(dataset, {n}, Type::integer);
    return reading(dataset, [&] {
        std::vector<std::int64_t> values(n);
        if (n > 0) check(H5Dread(open_dataset(file_, dataset), H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), "read");
        return values;
    });
}

std::vector<std::string> InputFile::texts(const std::string& dataset, hsize_t n) const {
    require_shape(dataset, {n}, Type::text);
    return reading(dataset, [&] { return read_text(open_dataset(file_, dataset)); });
}

std::vector<double> InputFile::matrix(const std::string& dataset, hsize_t rows, hsize_t cols) const {
    require_shape(dataset, {rows, cols});
    return reading(dataset, [&] { return read_all(open_dataset(file_, dataset)); });
}

std::vector<double> InputFile::block(const std::string& dataset, const std::vector<hsize_t>& offset, const std::vector<hsize_t>& count) const {
    return reading(dataset, [&] { return read_block(open_dataset(file_, dataset), offset, count); });
}

Handle InputFile::attribute(const std::string& object, const std::string& name, H5T_class_t type_class, const char* what) const {
    const std::string label = object + "@" + name;
    if (!has_attr(object, name)) fail("has no attribute " + label);
    Handle attr(H5Aopen_by_name(file_, object.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose, "open attribute " + label);
    Handle type(H5Aget_type(attr), H5Tclose, "get the type of " + label);
    Handle space(H5Aget_space(attr), H5Sclose, "get the space of " + label);
    // One value only: reading a list into a single value overflowed it.
    if (H5Tget_class(type) != type_class || H5Sget_simple_extent_npoints(space) != 1)
        fail(label + " is not " + what);
    return attr;
}

std::int64_t InputFile::int_attr(const std::string& object, const std::string& name, std::int64_t min, std::int64_t max) const {
    Handle attr = attribute(object, name, H5T_INTEGER, "one integer");
    std::int64_t value = 0;
    reading(object + "@" + name, [&] { return check(H5Aread(attr, H5T_NATIVE_INT64, &value), "read"); });
    if (value < min || value > max)
        fail(object + "@" + name + " is " + std::to_string(value) + ", expected " +
             (max == std::numeric_limits<std::int64_t>::max() ? "at least " + std::to_string(min)
                                                                 : "from " + std::to_string(min) + " to " + std::to_string(max)));
    return value;
}

std::string InputFile::text_attr(const std::string& object, const std::string& name) const {
    attribute(object, name, H5T_STRING, "one text");
    return reading(object + "@" + name, [&] { return read_string_attr(Handle(H5Oopen(file_, object.c_str(), H5P_DEFAULT), H5Oclose, "open"), name); });
}

}  // namespace asmsim::h5
