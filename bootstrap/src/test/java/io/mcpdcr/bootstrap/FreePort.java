package io.mcpdcr.bootstrap;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A port nothing listens on, for a server the test starts later. Picked below the kernel's ephemeral range
 * (32768–60999), so no outgoing connection of a parallel test can take it between this check and the server's bind.
 */
final class FreePort {
    private static final int FIRST = 20_000;
    private static final int LAST = 32_000;

    private FreePort() {}

    static int pick() {
        for (int attempt = 0; attempt < 500; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(FIRST, LAST);
            try (var socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(port));
                return port;
            } catch (IOException taken) {
                // someone listens there: try another
            }
        }
        throw new IllegalStateException("no free port between " + FIRST + " and " + LAST);
    }
}
