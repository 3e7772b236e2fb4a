package io.vaultlet.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** go-sockaddr's template subset over a fixed set of interfaces. */
class SockaddrTest {

  private static final List<Sockaddr.IfAddr> HOST = List.of(
      addr("lo", "127.0.0.1", 8, "up", "loopback"),
      addr("lo", "::1", 128, "up", "loopback"),
      addr("eth0", "192.168.1.20", 24, "up", "broadcast", "multicast"),
      addr("eth0", "fe80::1", 64, "up", "multicast"),
      addr("eth1", "203.0.113.7", 24, "up", "broadcast"),
      addr("eth2", "10.0.0.5", 8, "broadcast"));

  private static Sockaddr.IfAddr addr(String name, String ip, int prefix, String... flags) {
    try {
      return new Sockaddr.IfAddr(name, InetAddress.getByName(ip), prefix, List.of(flags));
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String eval(String expr) throws Exception {
    return Sockaddr.evaluate(List.of(expr), () -> HOST);
  }

  @Test
  void consulTemplatesLoopbackExample() throws Exception {
    assertThat(eval("GetAllInterfaces | include \"flag\" \"loopback\" | include \"type\" \"IPv4\" | sort \"address\""
        + " | limit 1 | attr \"address\"")).isEqualTo("127.0.0.1");
  }

  @Test
  void privateAndPublicAddressesOfInterfacesThatAreUp() throws Exception {
    assertThat(eval("GetPrivateIP")).isEqualTo("192.168.1.20");
    assertThat(eval("GetPublicIP")).isEqualTo("203.0.113.7");
    assertThat(eval("GetInterfaceIP \"eth0\"")).isEqualTo("192.168.1.20");
    assertThat(eval("GetInterfaceIPs \"eth0\"")).isEqualTo("192.168.1.20 fe80::1");
  }

  @Test
  void filtersSortAndJoin() throws Exception {
    assertThat(eval("GetAllInterfaces | include \"type\" \"IPv4\" | sort \"-address\" | join \"address\" \",\""))
        .isEqualTo("203.0.113.7,192.168.1.20,127.0.0.1,10.0.0.5");
    assertThat(eval("GetAllInterfaces | exclude \"flag\" \"loopback\" | include \"name\" \"^eth[01]$\""
        + " | include \"type\" \"IPv4\" | join \"name\" \" \"")).isEqualTo("eth0 eth1");
    assertThat(eval("GetAllInterfaces | include \"flag\" \"down\" | attr \"network\"")).isEqualTo("10.0.0.0/8");
    assertThat(eval("GetAllInterfaces | include \"name\" \"nope\" | attr \"address\"")).isEmpty();
  }

  @Test
  void unknownFunctionsAreErrors() {
    assertThatThrownBy(() -> eval("GetNothing")).hasMessageContaining("\"GetNothing\"");
  }
}
