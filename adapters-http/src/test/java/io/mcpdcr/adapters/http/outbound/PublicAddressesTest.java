package io.mcpdcr.adapters.http.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which resolved addresses a document fetch may connect to. Literals only: no DNS. */
class PublicAddressesTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0.0.0.0", "0.1.2.3", "127.0.0.1", "127.255.255.254", "10.0.0.1", "10.255.255.255",
        "172.16.0.1", "172.31.255.255", "192.168.1.1", "100.64.0.1", "100.127.255.255", "169.254.169.254",
        "169.254.0.1", "224.0.0.1", "239.255.255.250", "192.0.0.1", "192.0.2.1", "198.18.0.1", "198.19.255.255",
        "240.0.0.1", "255.255.255.255", "::", "::1", "fe80::1", "febf::1", "fc00::1", "fd12:3456::1", "ff02::1",
        "::ffff:10.0.0.1", "::ffff:127.0.0.1", "::ffff:169.254.169.254", "::10.0.0.1", "::127.0.0.1",
        "64:ff9b::a00:1", "64:ff9b::a9fe:a9fe", "64:ff9b:1::1", "2002:a00:1::1", "2002:7f00:1::", "2001:0:4136::1",
        "2001:db8::1"})
    void refuses(String literal) throws Exception {
        assertThat(PublicAddresses.isPublic(InetAddress.getByName(literal))).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "93.184.216.34", "172.15.255.255", "172.32.0.1", "100.63.255.255",
        "100.128.0.1", "192.0.1.1", "198.17.255.255", "198.20.0.1", "223.255.255.255", "2606:4700:4700::1111",
        "2a00:1450:4001::1", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1"})
    void allows(String literal) throws Exception {
        assertThat(PublicAddresses.isPublic(InetAddress.getByName(literal))).isTrue();
    }
}
