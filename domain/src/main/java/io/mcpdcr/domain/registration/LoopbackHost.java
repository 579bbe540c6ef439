package io.mcpdcr.domain.registration;

import java.util.Locale;
import java.util.Set;

/**
 * The loopback hosts a native client may listen on with plain http (RFC 8252 §7.3, §8.3). Only these exact
 * spellings: other loopback notations (127.0.0.2, 2130706433, [0:0:0:0:0:0:0:1]) are refused, as is any name
 * that merely starts with one of them.
 */
public final class LoopbackHost {
    private static final Set<String> HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

    private LoopbackHost() {}

    /** Whether {@code host}, as {@link java.net.URI#getHost()} returns it, is a loopback host. Case-insensitive. */
    public static boolean is(String host) {
        return host != null && HOSTS.contains(host.toLowerCase(Locale.ROOT));
    }
}
