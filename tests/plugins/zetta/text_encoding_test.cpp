#include "text_encoding.hpp"

#include <catch2/catch.hpp>

using namespace airbridge::zetta;
using airbridge::isValidUtf8;

TEST_CASE("encoding: UTF-8 validation", "[zetta][encoding]") {
  CHECK(isValidUtf8("plain"));
  CHECK(isValidUtf8("Kr\xC3\xA4" "ftig \xF0\x9F\x8E\xB6"));
  CHECK_FALSE(isValidUtf8("caf\xE9"));          // windows-1252 é
  CHECK_FALSE(isValidUtf8("\xC3"));             // cut short
  CHECK_FALSE(isValidUtf8("\xC0\xAF"));         // overlong
  CHECK_FALSE(isValidUtf8("\xED\xA0\x80"));     // surrogate
  CHECK_FALSE(isValidUtf8("\xF4\x90\x80\x80")); // past U+10FFFF
}

TEST_CASE("encoding: windows-1252 and latin-1 to UTF-8", "[zetta][encoding]") {
  CHECK(windows1252ToUtf8("caf\xE9 \x93q\x94 \x80") == "caf\xC3\xA9 \xE2\x80\x9Cq\xE2\x80\x9D \xE2\x82\xAC");
  CHECK(latin1ToUtf8("\xE9\x93") == "\xC3\xA9\xC2\x93");
}

TEST_CASE("encoding: the prolog decides, and a false utf-8 claim is repaired", "[zetta][encoding]") {
  std::string why;
  auto declared = toUtf8Document("<?xml version=\"1.0\" encoding=\"Windows-1252\"?><a t=\"\xE9\"/>", why);
  REQUIRE(declared);
  CHECK(declared->declared == "windows-1252");
  CHECK(declared->text == "<a t=\"\xC3\xA9\"/>");
  CHECK_FALSE(declared->repaired);
  auto repaired = toUtf8Document("\xEF\xBB\xBF<?xml version='1.0' encoding='utf-8'?><a t=\"\xE9\"/>", why);
  REQUIRE(repaired);
  CHECK(repaired->repaired);
  CHECK(repaired->text == "<a t=\"\xC3\xA9\"/>");
  CHECK_FALSE(toUtf8Document("<?xml version=\"1.0\" encoding=\"EBCDIC\"?><a/>", why));
  CHECK(why.find("not supported") != std::string::npos);
}
