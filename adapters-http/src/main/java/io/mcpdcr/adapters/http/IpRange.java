package io.mcpdcr.adapters.http;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** An address or CIDR block such as {@code 10.0.0.0/8} or {@code ::1}, parsed without any DNS lookup. */
record IpRange(byte[] network, int prefixLength) {
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

    /** Parses {@code address[/prefix]}; throws IllegalArgumentException with the reason when it is not one. */
    static IpRange parse(String spec) {
        String[] parts = spec.trim().split("/", -1);
        if (parts.length > 2) {
            throw new IllegalArgumentException("not an address or CIDR block: " + spec);
        }
        InetAddress address = literal(parts[0])
                .orElseThrow(() -> new IllegalArgumentException("not an IP address: " + parts[0]));
        int bits = address.getAddress().length * 8;
        int prefix = bits;
        if (parts.length == 2) {
            try {
                prefix = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("prefix length must be 0.." + bits + ": " + spec);
            }
        }
        return new IpRange(address.getAddress(), prefix);
    }

    /**
     * An IP literal as an address, or empty when it is not one. IPv4 must be dotted decimal; IPv6 may be bracketed.
     * Only literals are passed to InetAddress, so no name is ever resolved.
     */
    static Optional<InetAddress> literal(String text) {
        String candidate = text.trim();
        if (candidate.startsWith("[") && candidate.endsWith("]")) {
            candidate = candidate.substring(1, candidate.length() - 1);
        }
        boolean v4 = IPV4.matcher(candidate).matches();
        boolean v6 = candidate.indexOf(':') >= 0 && IPV6.matcher(candidate).matches();
        if (!v4 && !v6) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(candidate));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length != network.length) {
            return false;
        }
        int shift = network.length * 8 - prefixLength;
        return new BigInteger(1, candidate).shiftRight(shift).equals(new BigInteger(1, network).shiftRight(shift));
    }
}
