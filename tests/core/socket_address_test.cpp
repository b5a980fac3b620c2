#include <airbridge/socket_address.hpp>

#include <catch2/catch.hpp>

using airbridge::SocketAddress;

TEST_CASE("addresses: host:port forms that are accepted", "[core][address]") {
  CHECK(SocketAddress::parse("0.0.0.0:1234") == SocketAddress("0.0.0.0", 1234));
  CHECK(SocketAddress::parse("[::1]:8080") == SocketAddress("::1", 8080));
  CHECK(SocketAddress::parse("localhost:0").port() == 0);
  CHECK(SocketAddress::parse("zetta.studio.example:5000").host() == "zetta.studio.example");
  CHECK(SocketAddress("::1", 80).toString() == "[::1]:80");
}

TEST_CASE("addresses: each malformed address says why", "[core][address]") {
  std::string why;
  CHECK_FALSE(SocketAddress::tryParse("0.0.0.0", why));
  CHECK(why == "no port");
  CHECK_FALSE(SocketAddress::tryParse("0.0.0.0:99999", why));
  CHECK(why.find("above 65535") != std::string::npos);
  CHECK_FALSE(SocketAddress::tryParse("300.1.1.1:80", why));
  CHECK(why.find("not an IP address") != std::string::npos);
  CHECK_FALSE(SocketAddress::tryParse("::1:80", why));
  CHECK(why.find("brackets") != std::string::npos);
  CHECK_FALSE(SocketAddress::tryParse("host:", why));
  CHECK_FALSE(SocketAddress::tryParse("ho st:80", why));
  CHECK_FALSE(SocketAddress::tryParse("[::zz]:80", why));
}

TEST_CASE("addresses: loopback is 127.0.0.0/8, ::1 and localhost only", "[core][address]") {
  for (const char* local : {"127.0.0.1:1234", "127.8.9.10:1", "[::1]:80", "localhost:1234"}) {
    INFO(local);
    CHECK(airbridge::SocketAddress::parse(local).isLoopback());
  }
  for (const char* open : {"0.0.0.0:1234", "[::]:1234", "10.0.0.5:1234", "128.0.0.1:1", "studio.example:1"}) {
    INFO(open);
    CHECK_FALSE(airbridge::SocketAddress::parse(open).isLoopback());
  }
}
