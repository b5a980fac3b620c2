#include "zetta_event_parser.hpp"

#include <catch2/catch.hpp>

#include <fstream>

using airbridge::zetta::parseZettaDocument;
using airbridge::zetta::ZettaParseError;
using Catch::Matchers::Contains;

namespace {
const char* kBomb = R"(<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<ZettaLite><LogEventCollection><LogEvent Status="CURRENT"><Asset Title="&lol3;"/></LogEvent></LogEventCollection></ZettaLite>)";
}  // namespace

TEST_CASE("zetta parser: an entity bomb is rejected as a bad document", "[zetta][parser][safety]") {
  CHECK_THROWS_WITH(parseZettaDocument(kBomb, "s"), Contains("DTD"));
}

TEST_CASE("zetta parser: an external entity cannot read a file", "[zetta][parser][safety]") {
  const char* secret = "/tmp/airbridge-xxe-secret.txt";
  std::ofstream(secret) << "TOP-SECRET";
  const std::string xxe = std::string(R"(<?xml version="1.0"?><!DOCTYPE z [<!ENTITY x SYSTEM "file://)") +
                          secret + R"(">]><ZettaLite><LogEventCollection><LogEvent Status="CURRENT">)"
                          R"(<Asset Title="&x;"/></LogEvent></LogEventCollection></ZettaLite>)";
  CHECK_THROWS_AS(parseZettaDocument(xxe, "s"), ZettaParseError);
  // Lower-case and spaced variants of the declaration are caught too.
  CHECK_THROWS_WITH(parseZettaDocument("<!doctype z><ZettaLite/>", "s"), Contains("DTD"));
  std::remove(secret);
}

TEST_CASE("zetta parser: broken XML names the line and column", "[zetta][parser][safety]") {
  CHECK_THROWS_WITH(parseZettaDocument("<ZettaLite>\n<LogEvent Title=\"x></ZettaLite>", "s"),
                    Contains("not well-formed XML at line"));
  CHECK_THROWS_WITH(parseZettaDocument("<ZettaLite><Asset Title=\"x\"/></ZettaLite>", "s"),
                    Contains("outside any <LogEvent>"));
  CHECK_THROWS_WITH(parseZettaDocument("<?xml version=\"1.0\" encoding=\"utf-16\"?><ZettaLite/>", "s"),
                    Contains("encoding 'utf-16' is not supported"));
}

TEST_CASE("zetta parser: an undefined entity is an error, not an empty title",
          "[zetta][parser][safety]") {
  CHECK_THROWS_AS(parseZettaDocument("<ZettaLite><LogEventCollection><LogEvent><Asset Title=\"&nbsp;\"/>"
                                     "</LogEvent></LogEventCollection></ZettaLite>", "s"),
                  ZettaParseError);
}
