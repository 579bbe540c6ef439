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

    /**
     * Checks a fetched document against the URL it was fetched from: the document rules below in order, then the
     * metadata rules of registered clients ({@link ClientMetadataPolicy#evaluateDocument}). Documents are published
     * for many servers, so what this server does not support is ignored or dropped, never a reason to refuse, unless
     * it would give the client more than a public authorization-code client may do.
     */
    public DocumentCheck check(String clientId, Map<String, Object> document) {
        for (DocumentRule rule : DOCUMENT_RULES) {
            Optional<String> broken = rule.check(clientId, document);
            if (broken.isPresent()) {
                return invalid(broken.get());
            }
        }
        MetadataCheck verdict = metadata.evaluateDocument(document);
        if (verdict instanceof MetadataCheck.Invalid refused) {
            return invalid(refused.error().description());
        }
        return new DocumentCheck.Valid(((MetadataCheck.Valid) verdict).metadata());
    }

    /** A rule on the document as a whole: why the document breaks it, or empty. */
    @FunctionalInterface
    private interface DocumentRule {
        Optional<String> check(String clientId, Map<String, Object> document);
    }

    private static final List<DocumentRule> DOCUMENT_RULES = List.of(
            ClientIdMetadataDocumentPolicy::servedFromItsClientId,
            ClientIdMetadataDocumentPolicy::holdsNoSecret,
            ClientIdMetadataDocumentPolicy::namesTheClient);

    private static Optional<String> servedFromItsClientId(String clientId, Map<String, Object> document) {
        return clientId.equals(document.get(ClientMetadataNames.CLIENT_ID))
                ? Optional.empty()
                : Optional.of("its client_id must equal the URL it is served from, exactly");
    }

    private static Optional<String> holdsNoSecret(String clientId, Map<String, Object> document) {
        return SECRET_MEMBERS.stream()
                .filter(document::containsKey)
                .findFirst()
                .map(member -> "it must not contain " + member + ": such clients are public");
    }

    private static Optional<String> namesTheClient(String clientId, Map<String, Object> document) {
        return document.get(ClientMetadataNames.CLIENT_NAME) == null
                ? Optional.of("it must contain client_name")
                : Optional.empty();
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
