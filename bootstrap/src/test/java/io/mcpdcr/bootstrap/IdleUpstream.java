package io.mcpdcr.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream that answers every request with an event stream and then falls silent, over a raw socket so that it
 * sees the moment the gateway drops the request: its read of the connection ends. {@code /idle/after-event} first
 * sends one whole event, {@code /idle/after-crlf-event} one with CRLF line ends, {@code /idle/mid-event} half of one; any other path sends nothing.
 */
final class IdleUpstream implements AutoCloseable {
    /** Streams whose response headers went out and whose connection is still open. */
    final AtomicInteger open = new AtomicInteger();
    /** Streams whose connection the gateway closed. */
    final AtomicInteger ended = new AtomicInteger();
    private final ServerSocket server;

    IdleUpstream() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "idle-upstream");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getLocalPort() + path;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread stream = new Thread(() -> serve(socket), "idle-upstream-stream");
                stream.setDaemon(true);
                stream.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        boolean started = false;
        try (socket) {
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String path = head.substring(head.indexOf(' ') + 1, head.indexOf(' ', head.indexOf(' ') + 1));
            if (path.equals("/idle/after-event")) {
                chunk(out, "data: hello\n\n");
            } else if (path.equals("/idle/after-crlf-event")) {
                chunk(out, "event: hello\r\ndata: crlf\r\n\r\n");
            } else if (path.equals("/idle/mid-event")) {
                chunk(out, "data: half");
            }
            out.flush();
            open.incrementAndGet();
            started = true;
            while (in.read() >= 0) {
                // a GET has no body: the read ends only when the gateway closes the connection
            }
        } catch (IOException gone) {
            // reset rather than closed: ended all the same
        }
        if (started) {
            open.decrementAndGet();
            ended.incrementAndGet();
        }
    }

    private static void chunk(OutputStream out, String data) throws IOException {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.indexOf("\r\n\r\n") < 0) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("request ended early");
            }
            head.append((char) b);
        }
        return head.toString();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
