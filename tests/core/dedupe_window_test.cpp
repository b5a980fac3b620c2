#include "bus/dedupe_window.hpp"

#include <catch2/catch.hpp>

using airbridge::core::DedupeWindow;
using namespace std::chrono_literals;

TEST_CASE("dedupe: the same key within the window is dropped, after it admitted again",
          "[core][dedupe]") {
  DedupeWindow window(10min, 100);
  const auto t0 = DedupeWindow::Clock::time_point{} + 1h;
  CHECK(window.admit("a", t0));
  CHECK_FALSE(window.admit("a", t0 + 9min));
  CHECK(window.admit("b", t0 + 9min));
  CHECK(window.admit("a", t0 + 10min));  // the window is measured from the first admission
  CHECK_FALSE(window.admit("a", t0 + 11min));
}

TEST_CASE("dedupe: capacity bounds memory, oldest evicted first", "[core][dedupe]") {
  DedupeWindow window(10min, 3);
  const auto t0 = DedupeWindow::Clock::time_point{} + 1h;
  CHECK(window.admit("a", t0));
  CHECK(window.admit("b", t0 + 1s));
  CHECK(window.admit("c", t0 + 2s));
  CHECK(window.admit("d", t0 + 3s));  // evicts "a"
  CHECK(window.size() == 3);
  CHECK(window.admit("a", t0 + 4s));  // forgotten, so admitted (and evicts "b")
  CHECK_FALSE(window.admit("c", t0 + 5s));
  CHECK(window.admit("b", t0 + 6s));
}
