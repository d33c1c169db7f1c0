#pragma once
// Thin RAII helpers over the HDF5 C API, used only by the writers and readers in sim/io.
// Every failure throws std::runtime_error naming the object; HDF5's own stack printing is off.

#include <cstdint>
#include <string>
#include <vector>

#include <hdf5.h>

namespace asmsim::h5 {

// Owns an hid_t and closes it with the right H5*close.
class Handle {
public:
    Handle() = default;
    Handle(hid_t id, herr_t (*close)(hid_t), const std::string& what);
    Handle(Handle&& other) noexcept;
    Handle& operator=(Handle&& other) noexcept;
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    ~Handle();
    hid_t id() const { return id_; }
    operator hid_t() const { return id_; }
    void close();

private:
    hid_t id_ = H5I_INVALID_HID;
    herr_t (*close_)(hid_t) = nullptr;
};

// Keeps the HDF5 library from closing files itself when the process exits: after a failed write
// (a full disk) its clean-up crashed on the half-closed file (exit 139). Called first in main();
// every file asmsim writes is closed explicitly before that.
void disable_library_exit_cleanup();

// Flushes `file` to disk; on failure throws std::runtime_error naming the file and, when the
// disk is (nearly) full, saying so with the file's size and the space left.
void flush(hid_t file);

void silence_errors();
void check(herr_t status, const std::string& what);

Handle create_file(const std::string& path);
// Opens an input that must be an asmsim results file (written by run, compare, sweep or merge),
// after checking, in order, that it is a readable regular file, an HDF5 file, not truncated or
// damaged, and has asmsim's /metadata: each failure is a runtime_error that starts with the path
// ("FILE: not an HDF5 file", "FILE: truncated or damaged HDF5 file", "FILE: not an asmsim file (...)").
Handle open_asmsim_file_read(const std::string& path);
Handle open_file_read(const std::string& path);
Handle open_file_rw(const std::string& path);
bool exists(hid_t parent, const std::string& name);
Handle create_group(hid_t parent, const std::string& name);
Handle open_group(hid_t parent, const std::string& name);
Handle open_dataset(hid_t parent, const std::string& name);

void write_attr(hid_t object, const std::string& name, const std::string& value);
void write_attr(hid_t object, const std::string& name, double value);
void write_attr(hid_t object, const std::string& name, std::int64_t value);
std::string read_string_attr(hid_t object, const std::string& name);
std::int64_t read_int_attr(hid_t object, const std::string& name);
double read_double_attr(hid_t object, const std::string& name);

// Element type of a dataset, from the C++ type.
template <class T> hid_t native_type();
template <> inline hid_t native_type<double>() { return H5T_NATIVE_DOUBLE; }
template <> inline hid_t native_type<int>() { return H5T_NATIVE_INT; }
template <> inline hid_t native_type<std::int64_t>() { return H5T_NATIVE_INT64; }

// A one-dimensional coordinate that is its own dimension (an HDF5 dimension scale).
Handle create_dimension(hid_t group, const std::string& name, const std::vector<std::int64_t>& values,
                        const std::string& units, const std::string& long_name);

// A one-dimensional coordinate of text labels (variable-length UTF-8 strings) that is its own dimension.
Handle create_text_dimension(hid_t group, const std::string& name, const std::vector<std::string>& labels,
                             const std::string& long_name);

// A one-dimensional variable of text labels along an existing dimension.
Handle create_text_variable(hid_t group, const std::string& name, const std::vector<std::string>& labels,
                            hid_t dimension, const std::string& long_name);

// Creates an N-d dataset (chunked, compressed) attached to dimension scales, one per axis.
Handle create_dataset(hid_t group, const std::string& name, hid_t type, const std::vector<hsize_t>& shape,
                      const std::vector<hsize_t>& chunk, const std::vector<hid_t>& dimensions,
                      const std::string& units, const std::string& long_name);

// Writes a hyperslab: `count` elements per axis starting at `offset`, from contiguous memory.
void write_block(hid_t dataset, hid_t type, const std::vector<hsize_t>& offset,
                 const std::vector<hsize_t>& count, const void* data);

// Reads a whole dataset as doubles (converted by HDF5), with its shape.
std::vector<double> read_all(hid_t dataset, std::vector<hsize_t>* shape = nullptr);

// Reads a block (hyperslab) of a dataset as doubles (converted by HDF5).
std::vector<double> read_block(hid_t dataset, const std::vector<hsize_t>& offset, const std::vector<hsize_t>& count);

// Reads a dataset of variable-length strings (every element, whatever its rank).
std::vector<std::string> read_text(hid_t dataset);

// The layout version this build writes in /metadata@format_version, and reads up to. Files
// written before the attribute existed count as version 0 and are read as before.
inline constexpr std::int64_t format_version = 1;

// Writes /metadata@file_kind ("run", "comparison", "sweep", "sweep_shard", "calibration" or
// "uncertainty_comparison") and
// /metadata@format_version, which InputFile checks before reading anything else.
void write_file_kind(hid_t metadata, const std::string& kind);

// An asmsim results file read as untrusted input (hand-edited, damaged, or from another
// version): every rank, length, attribute and type read through it is checked before it sizes a
// buffer, and each inconsistency is an InputError that names the file and the object, such as
// "FILE: /results/error has 3 entries, expected 8". Objects are absolute paths ("/design/parameter").
class InputFile {
public:
    // Opens `path` (open_asmsim_file_read) and checks its kind is one of `kinds`, which `wanted`
    // describes ("a sweep file"), and that its format version is one this build reads.
    InputFile(const std::string& path, const std::vector<std::string>& kinds, const std::string& wanted);
    const std::string& path() const { return path_; }
    const std::string& kind() const { return kind_; }
    hid_t id() const { return file_.id(); }
    operator hid_t() const { return file_.id(); }

    bool has(const std::string& object) const;
    bool has_attr(const std::string& object, const std::string& name) const;
    // The file's contents contradict themselves (damaged, hand-edited): runtime_error "FILE: MESSAGE", exit 1.
    [[noreturn]] void fail(const std::string& message) const;
    // The file is the wrong one for the command (kind, version, another sweep, a shard given twice):
    // InputError "FILE: MESSAGE", exit 2, as for any other bad input.
    [[noreturn]] void refuse(const std::string& message) const;

    // The dimensions of a dataset of numbers (or of text, with `text`), after checking it exists,
    // has that type and has exactly `rank` dimensions (the rank is queried first, so no rank can
    // overflow anything).
    enum class Type { number, integer, text };
    std::vector<hsize_t> shape(const std::string& dataset, int rank, Type type = Type::number) const;
    // Checks a dataset's type and that its shape is `expected`.
    void require_shape(const std::string& dataset, const std::vector<hsize_t>& expected, Type type = Type::number) const;
    // A one-dimensional dataset of exactly `n` integers (an integer type: indices and flags), or texts.
    std::vector<std::int64_t> integers(const std::string& dataset, hsize_t n) const;
    std::vector<std::string> texts(const std::string& dataset, hsize_t n) const;
    // A two-dimensional dataset of numbers with exactly the shape rows x cols, row-major.
    std::vector<double> matrix(const std::string& dataset, hsize_t rows, hsize_t cols) const;
    // A block of a dataset whose shape was checked (read_block), as doubles.
    std::vector<double> block(const std::string& dataset, const std::vector<hsize_t>& offset, const std::vector<hsize_t>& count) const;

    // A single-valued attribute of an object: an integer in [min, max], or a text.
    std::int64_t int_attr(const std::string& object, const std::string& name, std::int64_t min, std::int64_t max) const;
    std::string text_attr(const std::string& object, const std::string& name) const;

private:
    Handle attribute(const std::string& object, const std::string& name, H5T_class_t type_class, const char* what) const;
    // Runs `read`, turning an HDF5 failure into "FILE: OBJECT cannot be read: truncated or damaged HDF5 file".
    template <class Read> auto reading(const std::string& object, Read read) const;
    std::string path_, kind_;
    Handle file_;
};

}  // namespace asmsim::h5
