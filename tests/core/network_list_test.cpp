#include <airbridge/network_list.hpp>

#include <catch2/catch.hpp>

using airbridge::NetworkList;

TEST_CASE("allow list: empty allows everyone", "[zetta][allow]") {
  CHECK(NetworkList().allows("203.0.113.9"));
}

TEST_CASE("allow list: addresses and networks, IPv4-mapped peers included", "[zetta][allow]") {
  NetworkList list;
  std::string why;
  REQUIRE(list.add("10.1.0.0/16", why));
  REQUIRE(list.add("192.168.5.20", why));
  REQUIRE(list.add("fd00::/8", why));
  CHECK(list.allows("10.1.200.3"));
  CHECK_FALSE(list.allows("10.2.0.1"));
  CHECK(list.allows("192.168.5.20"));
  CHECK_FALSE(list.allows("192.168.5.21"));
  CHECK(list.allows("::ffff:10.1.0.9"));
  CHECK(list.allows("fd12::1"));
  CHECK_FALSE(list.allows("fe80::1"));
  CHECK_FALSE(list.allows("not-an-address"));
}

TEST_CASE("allow list: bad entries say why", "[zetta][allow]") {
  NetworkList list;
  std::string why;
  CHECK_FALSE(list.add("10.0.0.0/33", why));
  CHECK(why.find("prefix length") != std::string::npos);
  CHECK_FALSE(list.add("studio-pc", why));
  CHECK(why.find("not an IPv4 or IPv6 address") != std::string::npos);
}
