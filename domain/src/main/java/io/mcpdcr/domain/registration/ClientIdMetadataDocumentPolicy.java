package io.mcpdcr.domain.registration;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Client ID Metadata Documents (draft-ietf-oauth-client-id-metadata-document): which URLs may be a client_id, and
 * which documents such a URL may serve. The metadata rules are those of registered clients, redirect URIs included.
 */
public final class ClientIdMetadataDocumentPolicy {
    public static final int MAX_URL = 2000;
    /** Members that would make the client confidential: a document-identified client is always public. */
    private static final Set<String> SECRET_MEMBERS = Set.of("client_secret", "client_secret_expires_at");

    private final ClientMetadataPolicy metadata;

    public ClientIdMetadataDocumentPolicy(ClientMetadataPolicy metadata) {
        this.metadata = metadata;
    }

    /** Whether the client_id names a document rather than a registration: an https URL. */
    public static boolean isDocumentUrl(String clientId) {
        return clientId.startsWith("https://");
    }

    /**
     * Why the URL cannot be a client_id (draft §3): https, a host, a path other than "/", no fragment, no userinfo,
     * no dot segments, ASCII, at most {@link #MAX_URL} characters.
     */
    public static Optional<String> urlProblem(String clientId) {
        if (clientId.length() > MAX_URL || !clientId.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            return Optional.of("the client_id URL must be ASCII without spaces, at most " + MAX_URL + " characters");
        }
        URI uri;
        try {
            uri = new URI(clientId);
        } catch (URISyntaxException e) {
            return Optional.of("the client_id is not a valid URL");
        }
        if (!"https".equals(uri.getScheme()) || uri.getHost() == null || uri.getRawUserInfo() != null
                || uri.getRawFragment() != null) {
            return Optional.of("the client_id URL must be https with a host, no userinfo and no fragment");
        }
        String path = uri.getRawPath();
        if (path == null || path.isEmpty() || path.equals("/")) {
            return Optional.of("the client_id URL must have a path");
        }
        if (List.of(path.split("/")).stream().anyMatch(segment -> segment.equals(".") || segment.equals(".."))) {
            return Optional.of("the client_id URL must not contain dot segments");
        }
        return Optional.empty();
    }

    /** Checks a fetched document against the URL it was fetched from. */
    public DocumentCheck check(String clientId, Map<String, Object> document) {
        if (!clientId.equals(document.get(ClientMetadataNames.CLIENT_ID))) {
            return invalid("its client_id must equal the URL it is served from, exactly");
        }
        for (String member : SECRET_MEMBERS) {
            if (document.containsKey(member)) {
                return invalid("it must not contain " + member + ": such clients are public");
            }
        }
        Object method = document.get(ClientMetadataNames.TOKEN_ENDPOINT_AUTH_METHOD);
        if (method != null && !ClientMetadataPolicy.AUTH_METHOD_NONE.equals(method)) {
            return invalid("its token_endpoint_auth_method must be none");
        }
        if (document.get(ClientMetadataNames.CLIENT_NAME) == null) {
            return invalid("it must contain client_name");
        }
        MetadataCheck verdict = metadata.evaluate(document);
        if (verdict instanceof MetadataCheck.Invalid refused) {
            return invalid(refused.error().description());
        }
        return new DocumentCheck.Valid(((MetadataCheck.Valid) verdict).metadata());
    }

    private static DocumentCheck invalid(String reason) {
        return new DocumentCheck.Invalid("the client metadata document is invalid: " + reason);
    }

    /** The verdict on a document. */
    public sealed interface DocumentCheck {
        record Valid(ClientMetadata metadata) implements DocumentCheck {}

        record Invalid(String reason) implements DocumentCheck {}
    }
}
