package io.mcpdcr.domain.network;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The block of addresses a client address belongs to. One IPv6 host commonly holds a whole /64 and can rotate through
 * it at will, so per-address limits and counts key IPv6 on a prefix; an IPv4 address is scarce enough to count alone.
 * Only IP literals are read: no name is ever resolved, and anything else is answered unchanged.
 */
public final class AddressBlock {
    /** The IPv6 prefix length limits key on unless configured otherwise. */
    public static final int DEFAULT_IPV6_PREFIX = 64;
    public static final int MIN_IPV6_PREFIX = 32;
    public static final int MAX_IPV6_PREFIX = 128;

    private AddressBlock() {}

    /**
     * What a per-address limit or count keys {@code address} on: an IPv4 address itself, an IPv6 address as its
     * {@code ipv6Prefix} block in CIDR notation (such as {@code 2001:db8:1:2:0:0:0:0/64}).
     */
    public static String limitKey(String address, int ipv6Prefix) {
        if (ipv6Prefix < MIN_IPV6_PREFIX || ipv6Prefix > MAX_IPV6_PREFIX) {
            throw new IllegalArgumentException("an IPv6 prefix is " + MIN_IPV6_PREFIX + " to " + MAX_IPV6_PREFIX + " bits");
        }
        byte[] bytes = literal(address);
        if (bytes == null || bytes.length == 4) {
            return address;
        }
        return masked(bytes, ipv6Prefix) + "/" + ipv6Prefix;
    }

    /** The network of an address as an abuse scan sees it: its /24 (IPv4) or /64 (IPv6), in CIDR notation. */
    public static String network(String address) {
        byte[] bytes = literal(address);
        if (bytes == null) {
            return address;
        }
        int prefix = bytes.length == 4 ? 24 : 64;
        return masked(bytes, prefix) + "/" + prefix;
    }

    private static String masked(byte[] bytes, int prefix) {
        byte[] copy = bytes.clone();
        for (int bit = prefix; bit < copy.length * 8; bit++) {
            copy[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        try {
            return InetAddress.getByAddress(copy).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }

    /** The address's bytes when it is an IP literal, otherwise null: getByName on anything else would resolve it. */
    private static byte[] literal(String address) {
        if (address == null || !address.matches("[0-9a-fA-F:.]+")
                || (address.indexOf(':') < 0 && !address.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}"))) {
            return null;
        }
        try {
            return InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
