package io.mcpdcr.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Hundreds of browsers opening their connections at the same moment, as in a burst of sign-ins. With the JDK's default
 * listen backlog of 50 the kernel's accept queue overflowed; a connection whose handshake and first segment were
 * dropped then had its next segment (the body, which clients write apart from the headers) refused as a failed SYN
 * cookie and was reset: the client got no answer at all, and the server never saw the request to log it.
 */
class ConnectionBurstHttpTest {
    private static final int CONNECTIONS = 1000;
    private static final int ROUNDS = 3;
    private static final byte[] BODY = "username=u&password=p&csrf_token=forged&authorization_request=&next=admin"
            .getBytes(StandardCharsets.US_ASCII);

    private final TestServer server = new TestServer();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void everyConnectionOpenedInABurstGetsAnAnswer() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            assertThat(burst()).as("round %d: what each of %d connections opened at once got", round, CONNECTIONS)
                    .containsOnlyKeys("HTTP/1.1 403 Forbidden");
        }
    }

    /** Every connection opened at once, then each request written as headers and body in two segments. */
    private Map<String, Integer> burst() throws IOException {
        var address = new InetSocketAddress("127.0.0.1", server.uri("/").getPort());
        List<SocketChannel> connections = new ArrayList<>();
        Map<String, Integer> answers = new TreeMap<>();
        try {
            for (int i = 0; i < CONNECTIONS; i++) {
                SocketChannel connection = SocketChannel.open();
                connection.configureBlocking(false); // every handshake under way at once, as a burst of browsers
                connection.connect(address);
                connections.add(connection);
            }
            for (SocketChannel connection : connections) {
                try {
                    connection.configureBlocking(true);
                    connection.finishConnect();
                    connection.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    connection.write(ByteBuffer.wrap(RawHttp.postHead(AuthorizationRoutes.LOGIN,
                            "application/x-www-form-urlencoded", BODY.length)));
                    connection.write(ByteBuffer.wrap(BODY));
                } catch (IOException e) {
                    // Counted when its answer is read: the connection was refused or reset while writing.
                }
            }
            for (SocketChannel connection : connections) {
                answers.merge(answer(connection), 1, Integer::sum);
            }
        } finally {
            for (SocketChannel connection : connections) {
                connection.close();
            }
        }
        return answers;
    }

    private static String answer(SocketChannel connection) {
        try {
            connection.socket().setSoTimeout(20_000);
            String status = RawHttp.statusLine(connection.socket().getInputStream()).strip();
            return status.isEmpty() ? "closed without an answer" : status;
        } catch (IOException e) {
            return "no answer: " + e.getMessage();
        }
    }
}
