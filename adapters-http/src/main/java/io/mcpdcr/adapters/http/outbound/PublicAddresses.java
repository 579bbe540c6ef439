package io.mcpdcr.adapters.http.outbound;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Which addresses a server-side fetch may reach: public unicast only. Everything a request forger aims at is
 * refused: loopback, private, CGNAT, link-local (cloud metadata services), multicast, reserved, and the IPv6 forms
 * that embed or tunnel to such IPv4 addresses (mapped, compatible, NAT64, 6to4, Teredo).
 */
final class PublicAddresses {
    private PublicAddresses() {}

    static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            int first = bytes[0] & 0xff;
            if ((first & 0xfe) == 0xfc) {
                return false; // fc00::/7 unique local
            }
            int second = bytes[1] & 0xff;
            if (embedsIpv4(bytes) || startsWith(bytes, 0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0)) {
                // mapped, compatible, and NAT64 64:ff9b::/96: the IPv4 address in the last four bytes
                return isPublic(ipv4(bytes[12], bytes[13], bytes[14], bytes[15]));
            }
            if (first == 0x20 && second == 0x02) {
                return isPublic(ipv4(bytes[2], bytes[3], bytes[4], bytes[5])); // 6to4 2002::/16
            }
            return !(startsWith(bytes, 0x00, 0x64, 0xff, 0x9b, 0x00, 0x01) // 64:ff9b:1::/48 local-use NAT64
                    || startsWith(bytes, 0x20, 0x01, 0x00, 0x00) // 2001::/32 Teredo, tunnels to any IPv4
                    || startsWith(bytes, 0x20, 0x01, 0x0d, 0xb8)); // 2001:db8::/32 documentation
        }
        int a = bytes[0] & 0xff;
        int b = bytes[1] & 0xff;
        int c = bytes[2] & 0xff;
        return !(a == 0 // 0.0.0.0/8
                || (a == 100 && b >= 64 && b <= 127) // 100.64.0.0/10 carrier-grade NAT
                || (a == 192 && b == 0 && c == 0) // 192.0.0.0/24 protocol assignments
                || (a == 192 && b == 0 && c == 2) || (a == 198 && b == 51 && c == 100) || (a == 203 && b == 0 && c == 113)
                || (a == 198 && (b == 18 || b == 19)) // benchmarking
                || a >= 240); // 240.0.0.0/4 reserved and the broadcast address
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible). */
    private static boolean embedsIpv4(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return (bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff) || (bytes[10] == 0 && bytes[11] == 0);
    }

    private static InetAddress ipv4(byte a, byte b, byte c, byte d) {
        try {
            return Inet4Address.getByAddress(new byte[] {a, b, c, d});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an address", e);
        }
    }
}
