package io.mcpdcr.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
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
        try (Socket socket = RawHttp.connect(server)) {
            OutputStream out = socket.getOutputStream();
            out.write(RawHttp.postHead("/o/register/", "application/json", BODY.length()));
            for (byte b : BODY.getBytes(StandardCharsets.UTF_8)) {
                out.write(b);
                out.flush();
                Thread.sleep(10);
            }
            assertThat(RawHttp.statusLine(socket.getInputStream())).contains(" 201 ");
        }
        assertThat(server.registry.all()).hasSize(1);
    }

    @Test
    void aBodyCutShortStoresNothing() throws Exception {
        try (Socket socket = RawHttp.connect(server)) {
            OutputStream out = socket.getOutputStream();
            out.write(RawHttp.postHead("/o/register/", "application/json", BODY.length()));
            out.write(BODY.substring(0, 20).getBytes(StandardCharsets.UTF_8));
            out.flush();
            socket.shutdownOutput(); // the client vanishes half-way through its body
            String status = RawHttp.statusLine(socket.getInputStream());
            assertThat(status).as("either a 400 or a closed connection, never a 5xx").doesNotContain(" 50");
        }
        assertThat(server.registry.all()).as("nothing half-read is stored").isEmpty();
        assertStillRegisters();
    }

    @Test
    void aFormCutShortIsABadRequestNotAServerError() throws Exception {
        String form = "grant_type=authorization_code&client_id=x&code=y&code_verifier=z";
        try (Socket socket = RawHttp.connect(server)) {
            OutputStream out = socket.getOutputStream();
            out.write(RawHttp.postHead("/o/token/", "application/x-www-form-urlencoded", form.length()));
            out.write(form.substring(0, 20).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.shutdownOutput();
            assertThat(RawHttp.statusLine(socket.getInputStream())).contains(" 400 ");
        }
        assertStillRegisters();
    }

    @Test
    void stalledBodiesDoNotStarveOtherClients() throws Exception {
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 64; i++) {
                Socket socket = RawHttp.connect(server);
                socket.getOutputStream().write(RawHttp.postHead("/o/register/", "application/json", BODY.length()));
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
        try (Socket socket = RawHttp.connect(server)) {
            OutputStream out = socket.getOutputStream();
            out.write(RawHttp.postHead("/o/register/", "application/json", 10));
            out.write(BODY.getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertThat(RawHttp.statusLine(socket.getInputStream())).contains(" 400 ");
        }
        assertThat(server.registry.all()).isEmpty();
        assertStillRegisters();
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
