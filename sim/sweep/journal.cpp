#include "sweep/journal.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace asmsim {

namespace {

constexpr char magic[8] = {'A', 'S', 'M', 'S', 'W', 'J', '0', '1'};
constexpr std::uint32_t marker = 0x44524352u;
constexpr std::size_t header_bytes = 16;
constexpr std::size_t record_head_bytes = 20;

std::uint64_t fnv1a(const char* data, std::size_t n) {
    std::uint64_t h = 1469598103934665603ull;
    for (std::size_t i = 0; i < n; ++i) {
        h ^= static_cast<unsigned char>(data[i]);
        h *= 1099511628211ull;
    }
    return h;
}

template <class T>
void put(std::string& out, const T& value) {
    out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

void write_all(int fd, const std::string& bytes, const std::string& path) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno == ENOSPC)
            throw std::runtime_error(path + ": no space left on device (the journal could not record a finished point; "
                                            "free some space and run again with --resume)");
        if (n < 0) throw std::runtime_error("cannot write journal " + path + ": " + std::strerror(errno));
        done += static_cast<std::size_t>(n);
    }
}

}  // namespace

std::string journal_path(const std::string& output_path, int rank, int ranks) {
    return ranks > 1 ? output_path + ".journal." + std::to_string(rank) : output_path + ".journal";
}

std::vector<std::string> existing_journals(const std::string& output_path) {
    namespace fs = std::filesystem;
    std::vector<std::string> found;
    const fs::path out(output_path);
    const fs::path dir = out.has_parent_path() ? out.parent_path() : fs::path(".");
    const std::string stem = out.filename().string() + ".journal";
    if (!fs::is_directory(dir)) return found;
    for (const auto& entry : fs::directory_iterator(dir)) {
        const std::string name = entry.path().filename().string();
        if (name == stem || (name.rfind(stem + ".", 0) == 0 &&
                             name.find_first_not_of("0123456789", stem.size() + 1) == std::string::npos &&
                             name.size() > stem.size() + 1))
            found.push_back((out.has_parent_path() ? (dir / name) : fs::path(name)).string());
    }
    std::sort(found.begin(), found.end());
    return found;
}

JournalWriter::JournalWriter(const std::string& path, std::uint64_t fingerprint, std::int64_t valid_bytes) : path_(path) {
    const bool exists = std::filesystem::exists(path);
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd_ < 0) throw std::runtime_error("cannot open journal " + path + ": " + std::strerror(errno));
    if (exists && valid_bytes >= static_cast<std::int64_t>(header_bytes)) {
        if (::ftruncate(fd_, valid_bytes) != 0)
            throw std::runtime_error("cannot cut the partial record off " + path + ": " + std::strerror(errno));
        return;
    }
    if (::ftruncate(fd_, 0) != 0) throw std::runtime_error("cannot reset journal " + path);
    std::string header(magic, sizeof magic);
    put(header, fingerprint);
    write_all(fd_, header, path_);
}

JournalWriter::~JournalWriter() {
    if (fd_ >= 0) ::close(fd_);
}

void JournalWriter::append(const PointResult& r) {
    std::string body;
    put(body, static_cast<std::uint32_t>(r.point));
    put(body, static_cast<std::uint32_t>(r.error.size()));
    put(body, static_cast<std::uint32_t>(r.statistics.size()));
    put(body, static_cast<std::uint32_t>(r.series.size()));
    body += r.error;
    body.append(reinterpret_cast<const char*>(r.statistics.data()), r.statistics.size() * sizeof(double));
    body.append(reinterpret_cast<const char*>(r.series.data()), r.series.size() * sizeof(double));
    std::string record;
    record.reserve(body.size() + 12);
    put(record, marker);
    record += body;
    put(record, fnv1a(body.data(), body.size()));
    write_all(fd_, record, path_);  // one write(): after it returns, kill -9 cannot lose the record
}

void JournalWriter::sync() {
    if (fd_ >= 0) ::fdatasync(fd_);
}

std::int64_t JournalIndex::add(const std::string& path, std::uint64_t fingerprint) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read journal " + path);
    char head[header_bytes];
    if (!in.read(head, header_bytes) || std::memcmp(head, magic, sizeof magic) != 0) {
        // A journal killed before its header was complete holds nothing.
        in.clear();
        in.seekg(0, std::ios::end);
        if (in.tellg() < static_cast<std::streamoff>(header_bytes)) return 0;
        throw std::runtime_error(path + " is not an asmsim sweep journal");
    }
    std::uint64_t stored = 0;
    std::memcpy(&stored, head + sizeof magic, sizeof stored);
    if (stored != fingerprint)
        throw std::runtime_error(path + " belongs to a different sweep (sweep file, scenario or version changed)");
    const int file = static_cast<int>(paths_.size());
    paths_.push_back(path);
    in.seekg(0, std::ios::end);
    const std::int64_t file_bytes = static_cast<std::int64_t>(in.tellg());
    in.seekg(header_bytes);
    std::int64_t valid = header_bytes;
    std::string body;
    for (;;) {
        char fixed[record_head_bytes];
        if (!in.read(fixed, record_head_bytes)) break;
        std::uint32_t fields[5];
        std::memcpy(fields, fixed, sizeof fields);
        if (fields[0] != marker) break;
        const std::size_t size = 16 + fields[2] + (static_cast<std::size_t>(fields[3]) + fields[4]) * sizeof(double);
        // The sizes are not yet checked by the checksum: a garbage tail could claim gigabytes. A record
        // that does not fit in what is left of the file is a torn tail; nothing is allocated for it.
        if (static_cast<std::int64_t>(4 + size + sizeof(std::uint64_t)) > file_bytes - valid) break;
        body.assign(fixed + 4, 16);
        body.resize(size);
        if (!in.read(body.data() + 16, static_cast<std::streamsize>(size - 16))) break;
        std::uint64_t checksum = 0;
        if (!in.read(reinterpret_cast<char*>(&checksum), sizeof checksum)) break;
        if (checksum != fnv1a(body.data(), body.size())) break;
        const std::uint32_t point = fields[1];
        if (point < file_.size() && file_[point] < 0) {
            file_[point] = file;
            offset_[point] = valid;
            bytes_[point] = size;
        }
        valid += static_cast<std::int64_t>(4 + size + sizeof checksum);
    }
    return valid;
}

int JournalIndex::count() const {
    int n = 0;
    for (int f : file_) n += f >= 0;
    return n;
}

PointResult JournalIndex::read(int point) const {
    const int file = file_[static_cast<std::size_t>(point)];
    if (file < 0) throw std::runtime_error("no journal record for point " + std::to_string(point));
    streams_.resize(paths_.size());
    auto& stream = streams_[static_cast<std::size_t>(file)];
    if (!stream) stream = std::make_unique<std::ifstream>(paths_[static_cast<std::size_t>(file)], std::ios::binary);
    std::ifstream& in = *stream;
    in.clear();
    in.seekg(offset_[static_cast<std::size_t>(point)]);
    std::uint32_t fields[5];
    if (!in.read(reinterpret_cast<char*>(fields), sizeof fields))
        throw std::runtime_error("cannot read the record of point " + std::to_string(point));
    // The sizes are read again: if the file changed since its checksum was checked, they may be anything.
    const std::size_t size = 16 + fields[2] + (static_cast<std::size_t>(fields[3]) + fields[4]) * sizeof(double);
    if (fields[0] != marker || fields[1] != static_cast<std::uint32_t>(point) || size != bytes_[static_cast<std::size_t>(point)])
        throw std::runtime_error(paths_[static_cast<std::size_t>(file)] + ": the record of point " + std::to_string(point) +
                                 " changed since the journal was read");
    PointResult r;
    r.point = static_cast<int>(fields[1]);
    r.error.resize(fields[2]);
    r.statistics.resize(fields[3]);
    r.series.resize(fields[4]);
    in.read(r.error.data(), static_cast<std::streamsize>(r.error.size()));
    in.read(reinterpret_cast<char*>(r.statistics.data()), static_cast<std::streamsize>(r.statistics.size() * sizeof(double)));
    in.read(reinterpret_cast<char*>(r.series.data()), static_cast<std::streamsize>(r.series.size() * sizeof(double)));
    if (!in) throw std::runtime_error("cannot read the record of point " + std::to_string(point));
    return r;
}

}  // namespace asmsim
