package io.mcpdcr.domain.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AddressBlockTest {
    @ParameterizedTest
    @CsvSource({
        "203.0.113.7, 64, 203.0.113.7",
        "2001:db8:1:2:aaaa:bbbb:cccc:dddd, 64, 2001:db8:1:2:0:0:0:0/64",
        "2001:db8:1:2::1, 64, 2001:db8:1:2:0:0:0:0/64",
        "2001:db8:1:2:aaaa:bbbb:cccc:dddd, 48, 2001:db8:1:0:0:0:0:0/48",
        "2001:db8:1:2:aaaa:bbbb:cccc:dddd, 56, 2001:db8:1:0:0:0:0:0/56",
        "2001:db8:1:2:aaaa:bbbb:cccc:dddd, 128, 2001:db8:1:2:aaaa:bbbb:cccc:dddd/128",
        "::1, 64, 0:0:0:0:0:0:0:0/64",
        "not-an-address, 64, not-an-address",
        "example.com, 64, example.com",
    })
    void limitKeysIpv6OnItsPrefixAndIpv4OnItself(String address, int prefix, String key) {
        assertThat(AddressBlock.limitKey(address, prefix)).isEqualTo(key);
    }

    @Test
    void rotatingThroughOneSlash64GivesOneKey() {
        assertThat(AddressBlock.limitKey("2001:db8::1", 64)).isEqualTo(AddressBlock.limitKey("2001:db8::ffff:1", 64));
        assertThat(AddressBlock.limitKey("2001:db8::1", 64)).isNotEqualTo(AddressBlock.limitKey("2001:db8:0:1::1", 64));
    }

    @ParameterizedTest
    @CsvSource({
        "203.0.113.7, 203.0.113.0/24",
        "2001:db8:1:2:aaaa:bbbb:cccc:dddd, 2001:db8:1:2:0:0:0:0/64",
        "somewhere, somewhere",
    })
    void networksAreSlash24AndSlash64(String address, String network) {
        assertThat(AddressBlock.network(address)).isEqualTo(network);
    }

    @Test
    void prefixOutOfRangeIsAProgrammingError() {
        assertThatThrownBy(() -> AddressBlock.limitKey("::1", 16)).isInstanceOf(IllegalArgumentException.class);
    }
}
