package io.mcpdcr.adapters.http;

import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The client IP of a request: the socket peer, unless the peer is a trusted proxy, in which case the right-most
 * {@code X-Forwarded-For} hop that is not itself a trusted proxy. Left-most entries are whatever the client wrote,
 * so they are never believed.
 */
final class ClientIpResolver {
    private static final String FORWARDED_FOR = "X-Forwarded-For";

    private final List<IpRange> trustedProxies;

    ClientIpResolver(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies.stream().map(IpRange::parse).toList();
    }

    String resolve(HttpServletRequest request) {
        return resolve(request.getRemoteAddr(), Collections.list(request.getHeaders(FORWARDED_FOR)));
    }

    /** The same for a request seen below the servlet layer (the gateway): the peer and its X-Forwarded-For values. */
    String resolve(String remoteAddr, List<String> forwardedFor) {
        Optional<InetAddress> peer = IpRange.literal(remoteAddr);
        if (peer.isEmpty()) {
            return remoteAddr;
        }
        InetAddress client = peer.get();
        if (isTrusted(client)) {
            List<String> hops = forwardedHops(forwardedFor);
            for (int i = hops.size() - 1; i >= 0; i--) {
                Optional<InetAddress> hop = IpRange.literal(hops.get(i));
                if (hop.isEmpty()) {
                    break; // an unreadable hop ends the chain we can vouch for
                }
                client = hop.get();
                if (!isTrusted(client)) {
                    break;
                }
            }
        }
        return client.getHostAddress();
    }

    private boolean isTrusted(InetAddress address) {
        return trustedProxies.stream().anyMatch(range -> range.contains(address));
    }

    private static List<String> forwardedHops(List<String> forwardedFor) {
        List<String> hops = new ArrayList<>();
        for (String header : forwardedFor) {
            for (String hop : header.split(",")) {
                if (!hop.isBlank()) {
                    hops.add(hop.trim());
                }
            }
        }
        return hops;
    }
}
