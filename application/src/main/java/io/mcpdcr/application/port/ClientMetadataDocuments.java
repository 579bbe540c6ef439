package io.mcpdcr.application.port;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Fetches Client ID Metadata Documents (draft-ietf-oauth-client-id-metadata-document): the JSON a client publishes
 * at the https URL it uses as its client_id, and the key sets such documents point to. Implementations defend against
 * SSRF.
 */
public interface ClientMetadataDocuments {
    /** Fetches the document at an https URL; never throws for network or content problems. */
    Fetch fetch(URI url);

    /** Fetches a JWK Set at a client's https jwks_uri (RFC 7591 §2) with the same defences; never throws. */
    Fetch fetchKeys(URI url);

    sealed interface Fetch {}

    /** @param maxAge the max-age of Cache-Control, if the response had one */
    record Fetched(byte[] body, Optional<Duration> maxAge) implements Fetch {}

    /** @param reason a short sentence for logs and error pages, naming no internal address */
    record Failed(String reason) implements Fetch {}
}
