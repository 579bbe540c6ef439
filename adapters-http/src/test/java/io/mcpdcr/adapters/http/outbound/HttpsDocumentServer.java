package io.mcpdcr.adapters.http.outbound;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * A local https server for client metadata documents, on 127.0.0.1 with a self-signed certificate for "localhost"
 * made by the JDK's keytool. {@link #trust()} is an SSL context that trusts that certificate and nothing else.
 */
public final class HttpsDocumentServer implements AutoCloseable {
    private static final String PASSWORD = "test-only-password";

    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Server server = new Server();
    private final KeyStore keyStore;
    private final ServerConnector connector;

    /** What the server answers on one path. {@code chunks} > 1 sends the body without a Content-Length. */
    public record Answer(int status, String contentType, byte[] body, String cacheControl, String location,
            long delayMillis, int chunks) {
        public static Answer json(String body) {
            return new Answer(200, "application/json", body.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    "max-age=3600", null, 0, 1);
        }
    }

    public HttpsDocumentServer(Path directory) throws Exception {
        this(directory, "localhost", "dns:localhost,ip:127.0.0.1");
    }

    /** A server whose certificate names {@code commonName} and the subject alternative names {@code san}. */
    public HttpsDocumentServer(Path directory, String commonName, String san) throws Exception {
        Path store = Files.createTempFile(directory, "server", ".p12");
        Files.delete(store);
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=" + commonName, "-ext", "san=" + san, "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        if (keytool.waitFor() != 0 || !Files.exists(store)) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(store.toFile())) {
            keyStore.load(in, PASSWORD.toCharArray());
        }
        var tls = new SslContextFactory.Server();
        tls.setKeyStore(keyStore);
        tls.setKeyStorePassword(PASSWORD);
        var config = new HttpConfiguration();
        config.addCustomizer(new SecureRequestCustomizer());
        connector = new ServerConnector(server, new SslConnectionFactory(tls, "http/1.1"),
                new HttpConnectionFactory(config));
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                answer(Request.getPathInContext(request), response, callback);
                return true;
            }
        });
        server.start();
    }

    public void serve(String path, Answer answer) {
        answers.put(path, answer);
    }

    /** The https URL of a path, on the host name "localhost". */
    public String url(String path) {
        return "https://localhost:" + connector.getLocalPort() + path;
    }

    /** Trusts this server's certificate only. */
    public SSLContext trust() throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("server", keyStore.getCertificate("server"));
        var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private void answer(String path, Response response, Callback callback) throws IOException, InterruptedException {
        Answer answer = answers.getOrDefault(path, new Answer(404, "text/plain", new byte[0], null, null, 0, 1));
        if (answer.delayMillis() > 0) {
            Thread.sleep(answer.delayMillis());
        }
        response.setStatus(answer.status());
        response.getHeaders().put("Content-Type", answer.contentType());
        if (answer.cacheControl() != null) {
            response.getHeaders().put("Cache-Control", answer.cacheControl());
        }
        if (answer.location() != null) {
            response.getHeaders().put("Location", answer.location());
        }
        if (answer.chunks() <= 1) {
            response.getHeaders().put("Content-Length", Integer.toString(answer.body().length));
            response.write(true, ByteBuffer.wrap(answer.body()), callback);
            return;
        }
        int half = answer.body().length / 2;
        response.write(false, ByteBuffer.wrap(answer.body(), 0, half), Callback.from(
                () -> response.write(true, ByteBuffer.wrap(answer.body(), half, answer.body().length - half), callback),
                callback::failed));
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
