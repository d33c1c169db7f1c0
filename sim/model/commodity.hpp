#pragma once
// The minerals asmsim models. Prices of all of them are in one unit: USD per gram of contained
// mineral (gold: fine gold; cobalt and tin: contained metal).

#include <array>
#include <optional>
#include <string_view>

namespace asmsim {

enum class Commodity : int { gold = 0, cobalt = 1, tin = 2 };

inline constexpr int n_commodities = 3;
inline constexpr std::array<Commodity, n_commodities> all_commodities = {
    Commodity::gold, Commodity::cobalt, Commodity::tin};

inline constexpr std::string_view commodity_name(Commodity c) {
    constexpr std::array<std::string_view, n_commodities> names = {"gold", "cobalt", "tin"};
    return names[static_cast<int>(c)];
}

inline constexpr int index_of(Commodity c) { return static_cast<int>(c); }

}  // namespace asmsim
