package io.mcpdcr.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The payloads real MCP clients send or publish, kept under {@code real-clients/} with their sources named. */
final class RealClients {
    private RealClients() {}

    /** A fixture's text, exactly as the client sends or serves it. */
    static String document(String name) {
        try (InputStream in = RealClients.class.getResourceAsStream("/real-clients/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture real-clients/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
