// Fuzz target: the price-series CSV reader (Date as YYYY-MM, Price), used by price replays.

#include <cstddef>
#include <cstdint>
#include <exception>

#include "fuzz_support.hpp"
#include "model/price_series.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace asmsim;
    const std::string path = fuzz::write_file("prices.csv", {reinterpret_cast<const char*>(data), size});
    try {
        const PriceSeries series = read_price_series(path, "usd_per_ozt");
        for (const YearMonth& month : series.dates) (void)series.row_of(month);
    } catch (const std::exception&) {
    }
    return 0;
}
