package io.mcpdcr.adapters.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Requests written over a plain socket, as an attacker writes them: bodies that stall, stop half-way or lie about their
 * length, which the JDK client will not send.
 */
final class RawHttp {
    private RawHttp() {}

    static Socket connect(TestServer server) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", server.uri("/").getPort()), 2000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** The request line and headers of a POST announcing {@code contentLength} bytes of body. */
    static byte[] postHead(String path, String contentType, long contentLength) {
        return ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + contentType + "\r\n"
                + "Content-Length: " + contentLength + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The first line of the answer, or empty when the server closed the connection without one. */
    static String statusLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            line.append((char) c);
        }
        return line.toString();
    }
}
