// The sweep journal: records read back exactly; a partial last record is ignored and cut off on
// resume; a journal of another sweep is refused.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "sweep/journal.hpp"
#include "../support/test_support.hpp"

using namespace asmsim;

namespace {
PointResult result(int point, double base) {
    PointResult r;
    r.point = point;
    r.statistics = {base, base + 0.5, -base};
    r.series = {base * 2, base * 3};
    return r;
}
}  // namespace

TEST_CASE("Journal records read back bit for bit, errors included", "[sweep][journal]") {
    testing::TempDir dir("journal");
    const std::string path = dir.file("out.h5.journal");
    {
        JournalWriter w(path, 99);
        w.append(result(3, 0.1));
        PointResult failed;
        failed.point = 1;
        failed.error = "sites.share_gold: the three mineral weights sum to zero";
        w.append(failed);
    }
    JournalIndex index(5);
    index.add(path, 99);
    CHECK(index.count() == 2);
    CHECK(index.has(3));
    CHECK_FALSE(index.has(0));
    const PointResult r = index.read(3);
    CHECK(r.statistics == result(3, 0.1).statistics);
    CHECK(r.series == result(3, 0.1).series);
    CHECK(index.read(1).error == "sites.share_gold: the three mineral weights sum to zero");
    JournalIndex other(5);
    CHECK_THROWS_WITH(other.add(path, 100), Catch::Contains("different sweep"));
}

TEST_CASE("A torn last record is ignored, and resuming cuts it off before appending", "[sweep][journal]") {
    testing::TempDir dir("journal_torn");
    const std::string path = dir.file("out.h5.journal");
    {
        JournalWriter w(path, 7);
        w.append(result(0, 1.0));
        w.append(result(1, 2.0));
    }
    const auto whole = std::filesystem::file_size(path);
    // Simulate a kill in the middle of the third record: half of it reaches the file.
    {
        testing::TempDir scratch("journal_scratch");
        const std::string other = scratch.file("j");
        {
            JournalWriter w(other, 7);
            w.append(result(2, 3.0));
        }
        std::ifstream in(other, std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        std::ofstream out(path, std::ios::binary | std::ios::app);
        out << bytes.substr(16, (bytes.size() - 16) / 2);
    }
    JournalIndex index(3);
    const std::int64_t valid = index.add(path, 7);
    CHECK(index.count() == 2);
    CHECK(valid == static_cast<std::int64_t>(whole));
    {
        JournalWriter w(path, 7, valid);
        w.append(result(2, 3.0));
    }
    JournalIndex again(3);
    again.add(path, 7);
    CHECK(again.count() == 3);
    CHECK(again.read(2).statistics == result(2, 3.0).statistics);
    CHECK(again.read(0).statistics == result(0, 1.0).statistics);
}

TEST_CASE("A garbage tail that claims a huge record allocates nothing and is cut off", "[sweep][journal]") {
    // Before the check, sizes read from the tail (up to 3 x 2^32) were allocated before the checksum
    // could reject them: about 68 GB for a tail of 0xFF bytes.
    testing::TempDir dir("journal_garbage");
    const std::string path = dir.file("out.h5.journal");
    {
        JournalWriter w(path, 11);
        w.append(result(0, 1.0));
    }
    const auto whole = std::filesystem::file_size(path);
    std::string marker;
    {
        std::ifstream in(path, std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        marker = bytes.substr(16, 4);  // the first record's marker, after the 16-byte header
    }
    {
        std::ofstream out(path, std::ios::binary | std::ios::app);
        out << marker << std::string(4, '\0') << std::string(12, '\xff') << std::string(100, '\x42');
    }
    JournalIndex index(2);
    std::int64_t valid = 0;
    CHECK_NOTHROW(valid = index.add(path, 11));
    CHECK(valid == static_cast<std::int64_t>(whole));
    CHECK(index.count() == 1);
    CHECK(index.read(0).statistics == result(0, 1.0).statistics);
}

TEST_CASE("A record changed after its checksum was checked is refused before anything is allocated", "[sweep][journal]") {
    // read() takes the sizes from the file again; without comparing them to the checked record a
    // journal rewritten meanwhile made it allocate whatever the new sizes said.
    testing::TempDir dir("journal_changed");
    const std::string path = dir.file("out.h5.journal");
    {
        JournalWriter w(path, 5);
        w.append(result(0, 1.0));
    }
    JournalIndex index(1);
    index.add(path, 5);
    {
        std::fstream io(path, std::ios::binary | std::ios::in | std::ios::out);
        io.seekp(16 + 12);  // header, then marker, point and error size: the statistics count
        io << std::string(8, '\xff');
    }
    CHECK_THROWS_WITH(index.read(0), Catch::Contains("the record of point 0 changed since the journal was read"));
}
