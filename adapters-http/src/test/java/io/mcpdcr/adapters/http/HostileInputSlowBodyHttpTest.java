package io.mcpdcr.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Bodies that arrive slowly, never arrive, or stop half-way, sent over raw sockets as an attacker would: the server
 * stores nothing half-read and keeps serving everyone else.
 */
class HostileInputSlowBodyHttpTest {
    private static final String BODY = "{\"client_name\":\"Slow\",\"redirect_uris\":[\"http://127.0.0.1/cb\"]}";

    private final TestServer server = new TestServer();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aBodyDrippedByteByByteIsReadWhole() throws Exception {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(head(BODY.length()));
            for (byte b : BODY.getBytes(StandardCharsets.UTF_8)) {
                out.write(b);
                out.flush();
                Thread.sleep(10);
            }
            assertThat(statusLine(socket.getInputStream())).contains(" 201 ");
        }
        assertThat(server.registry.all()).hasSize(1);
    }

    @Test
    void aBodyCutShortStoresNothing() throws Exception {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(head(BODY.length()));
            out.write(BODY.substring(0, 20).getBytes(StandardCharsets.UTF_8));
            out.flush();
            socket.shutdownOutput(); // the client vanishes half-way through its body
            String status = statusLine(socket.getInputStream());
            assertThat(status).as("either a 400 or a closed connection, never a 5xx").doesNotContain(" 50");
        }
        assertThat(server.registry.all()).as("nothing half-read is stored").isEmpty();
        assertStillRegisters();
    }

    @Test
    void aFormCutShortIsABadRequestNotAServerError() throws Exception {
        String form = "grant_type=authorization_code&client_id=x&code=y&code_verifier=z";
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /o/token/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                    + "Content-Length: " + form.length() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(form.substring(0, 20).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.shutdownOutput();
            assertThat(statusLine(socket.getInputStream())).contains(" 400 ");
        }
        assertStillRegisters();
    }

    @Test
    void stalledBodiesDoNotStarveOtherClients() throws Exception {
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 64; i++) {
                Socket socket = connect();
                socket.getOutputStream().write(head(BODY.length()));
                socket.getOutputStream().write('{');
                socket.getOutputStream().flush();
                stalled.add(socket);
            }
            assertStillRegisters();
            assertThat(server.registry.all()).as("only the complete registration is stored").hasSize(1);
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
        assertStillRegisters();
    }

    @Test
    void aBodyLongerThanItsContentLengthIsNotReadPastIt() throws Exception {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(head(10));
            out.write(BODY.getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertThat(statusLine(socket.getInputStream())).contains(" 400 ");
        }
        assertThat(server.registry.all()).isEmpty();
        assertStillRegisters();
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", server.uri("/").getPort()), 2000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static byte[] head(int contentLength) {
        return ("POST /o/register/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + contentLength + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The first line of the answer, or empty when the server closed the connection without one. */
    private static String statusLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            line.append((char) c);
        }
        return line.toString();
    }

    private void assertStillRegisters() {
        int before = server.registry.all().size();
        var response = server.send(HttpRequest.newBuilder(server.uri("/o/register/"))
                .header("Content-Type", "application/json")
                .timeout(java.time.Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString(BODY)));
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(server.registry.all()).hasSize(before + 1);
    }
}
