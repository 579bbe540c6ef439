package io.mcpdcr.domain.registration;

import static io.mcpdcr.domain.registration.ClientMetadataNames.*;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Every RFC 7591 client metadata rule in one fixed pipeline: types, defaults, allowed values, substitutions and the
 * redirect URI policy. Input is the submitted JSON object as plain Java values (String, Number, Boolean, List, Map,
 * null); unknown members are ignored (RFC 7591 §2), and a null member counts as absent.
 */
public final class ClientMetadataPolicy {
    public static final String GRANT_AUTHORIZATION_CODE = "authorization_code";
    public static final String GRANT_REFRESH_TOKEN = "refresh_token";
    public static final String RESPONSE_TYPE_CODE = "code";
    public static final String AUTH_METHOD_NONE = "none";

    public static final int MAX_CLIENT_NAME = 200;
    public static final int MAX_TEXT = 200;
    public static final int MAX_CONTACT = 320;
    public static final int MAX_LIST = 10;
    public static final int MAX_SCOPE = 1000;

    static final List<String> DEFAULT_GRANT_TYPES = List.of(GRANT_AUTHORIZATION_CODE, GRANT_REFRESH_TOKEN);
    static final List<String> DEFAULT_RESPONSE_TYPES = List.of(RESPONSE_TYPE_CODE);
    private static final Set<String> GRANT_TYPES_ALLOWED = Set.of(GRANT_AUTHORIZATION_CODE, GRANT_REFRESH_TOKEN);
    // RFC 7591 §3.2.1 lets the server replace a requested method; only public clients exist here.
    private static final Set<String> AUTH_METHODS_SUBSTITUTED = Set.of("client_secret_post", "client_secret_basic");
    private static final Set<String> APPLICATION_TYPES = Set.of("native", "web");
    // RFC 6749 §3.3: scope = scope-token *( SP scope-token ); scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
    private static final Pattern SCOPE_SYNTAX = Pattern.compile(
            "[\\x21\\x23-\\x5B\\x5D-\\x7E]+(?: [\\x21\\x23-\\x5B\\x5D-\\x7E]+)*");

    private final RedirectUriPolicy redirectUris;

    public ClientMetadataPolicy(RedirectUriPolicy redirectUris) {
        this.redirectUris = redirectUris;
    }

    /** Checks the submitted metadata in a fixed order and answers the first violation, or the metadata to store. */
    public MetadataCheck evaluate(Map<String, ?> submitted) {
        try {
            return new MetadataCheck.Valid(read(new Fields(submitted)));
        } catch (Refused refused) {
            return new MetadataCheck.Invalid(refused.error);
        }
    }

    private ClientMetadata read(Fields fields) {
        String clientName = fields.requiredString(CLIENT_NAME);
        checkDisplayText(CLIENT_NAME, clientName, MAX_CLIENT_NAME);

        // Every redirect_uris problem, its shape included, is an invalid_redirect_uri; the policy checks the count.
        List<String> uris = fields.stringList(REDIRECT_URIS, Integer.MAX_VALUE, ClientMetadataPolicy::redirect)
                .orElseThrow(() -> redirect(REDIRECT_URIS + " is required"));
        redirectUris.firstViolation(uris).ifPresent(error -> {
            throw new Refused(error);
        });

        List<String> grantTypes = fields.stringList(GRANT_TYPES, MAX_LIST, ClientMetadataPolicy::metadata).map(ClientMetadataPolicy::distinct)
                .orElse(DEFAULT_GRANT_TYPES);
        for (String grant : grantTypes) {
            if (!GRANT_TYPES_ALLOWED.contains(grant)) {
                throw metadata(GRANT_TYPES + " may contain only authorization_code and refresh_token");
            }
        }
        if (!grantTypes.contains(GRANT_AUTHORIZATION_CODE)) {
            throw metadata(GRANT_TYPES + " must contain authorization_code");
        }

        List<String> responseTypes = fields.stringList(RESPONSE_TYPES, MAX_LIST, ClientMetadataPolicy::metadata).map(ClientMetadataPolicy::distinct)
                .orElse(DEFAULT_RESPONSE_TYPES);
        if (!responseTypes.equals(DEFAULT_RESPONSE_TYPES)) {
            throw metadata(RESPONSE_TYPES + " may contain only code");
        }

        String authMethod = fields.optionalString(TOKEN_ENDPOINT_AUTH_METHOD).orElse(AUTH_METHOD_NONE);
        if (!authMethod.equals(AUTH_METHOD_NONE) && !AUTH_METHODS_SUBSTITUTED.contains(authMethod)) {
            throw metadata(TOKEN_ENDPOINT_AUTH_METHOD + " must be none: only public clients can register");
        }

        Optional<String> scope = fields.optionalString(SCOPE);
        scope.ifPresent(ClientMetadataPolicy::checkScope);

        Optional<String> clientUri = webPage(fields, CLIENT_URI);
        Optional<String> logoUri = webPage(fields, LOGO_URI);
        Optional<String> tosUri = webPage(fields, TOS_URI);
        Optional<String> policyUri = webPage(fields, POLICY_URI);

        List<String> contacts = fields.stringList(CONTACTS, MAX_LIST, ClientMetadataPolicy::metadata).orElse(List.of());
        for (String contact : contacts) {
            checkDisplayText(CONTACTS + " entries", contact, MAX_CONTACT);
        }

        Optional<String> softwareId = fields.optionalString(SOFTWARE_ID);
        softwareId.ifPresent(id -> checkDisplayText(SOFTWARE_ID, id, MAX_TEXT));
        Optional<String> softwareVersion = fields.optionalString(SOFTWARE_VERSION);
        softwareVersion.ifPresent(version -> checkDisplayText(SOFTWARE_VERSION, version, MAX_TEXT));

        Optional<String> applicationType = fields.optionalString(APPLICATION_TYPE);
        if (applicationType.isPresent() && !APPLICATION_TYPES.contains(applicationType.get())) {
            throw metadata(APPLICATION_TYPE + " must be native or web");
        }

        return new ClientMetadata(clientName, uris, grantTypes, responseTypes, AUTH_METHOD_NONE, scope, clientUri,
                logoUri, tosUri, policyUri, contacts, softwareId, softwareVersion, applicationType);
    }

    /** Text shown to people: not blank, bounded, and free of control and bidirectional-override characters. */
    private static void checkDisplayText(String field, String value, int max) {
        if (value.codePoints().allMatch(ClientMetadataPolicy::isInvisible)) {
            throw metadata(field + " must not be blank");
        }
        if (value.codePointCount(0, value.length()) > max) {
            throw metadata(field + " must be at most " + max + " characters");
        }
        if (value.codePoints().anyMatch(ClientMetadataPolicy::isControlOrBidi)) {
            throw metadata(field + " must not contain control characters");
        }
    }

    /** Whitespace, no-break spaces (U+00A0) and zero-width format characters (U+200B): a name of these shows nothing. */
    private static boolean isInvisible(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || Character.getType(cp) == Character.FORMAT;
    }

    private static boolean isControlOrBidi(int cp) {
        return Character.isISOControl(cp)
                || (cp >= 0x202A && cp <= 0x202E) // embeddings and overrides: make names read backwards
                || (cp >= 0x2066 && cp <= 0x2069) // isolates
                || cp == 0x2028 || cp == 0x2029 // line and paragraph separators
                || Character.getType(cp) == Character.SURROGATE; // a lone surrogate is not text
    }

    private static void checkScope(String scope) {
        if (scope.length() > MAX_SCOPE) {
            throw metadata(SCOPE + " must be at most " + MAX_SCOPE + " characters");
        }
        if (!SCOPE_SYNTAX.matcher(scope).matches()) {
            throw metadata(SCOPE + " must be space-separated scope tokens (RFC 6749 §3.3)");
        }
    }

    private static Optional<String> webPage(Fields fields, String name) {
        Optional<String> value = fields.optionalString(name);
        value.ifPresent(raw -> {
            if (!isHttpsUrl(raw)) {
                throw metadata(name + " must be an https URL with a host and no userinfo");
            }
        });
        return value;
    }

    private static boolean isHttpsUrl(String raw) {
        if (raw.length() > RedirectUriPolicy.MAX_LENGTH || raw.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
            return false;
        }
        try {
            URI uri = new URI(raw);
            return uri.getScheme() != null
                    && uri.getScheme().toLowerCase(Locale.ROOT).equals("https")
                    && uri.getHost() != null
                    && uri.getRawUserInfo() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static List<String> distinct(List<String> values) {
        return List.copyOf(new LinkedHashSet<>(values));
    }

    private static Refused redirect(String description) {
        return new Refused(new RegistrationError.InvalidRedirectUri(description));
    }

    private static Refused metadata(String description) {
        return new Refused(new RegistrationError.InvalidClientMetadata(description));
    }

    /** Typed access to the submitted members; a wrong type is refused with the member's name. */
    private record Fields(Map<String, ?> values) {
        String requiredString(String name) {
            return optionalString(name).orElseThrow(() -> metadata(name + " is required"));
        }

        /** Absent, null and "" all mean "not given": clients differ in how they leave a field out. */
        Optional<String> optionalString(String name) {
            Object value = values.get(name);
            if (value == null) {
                return Optional.empty();
            }
            if (!(value instanceof String text)) {
                throw metadata(name + " must be a string");
            }
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        }

        Optional<List<String>> stringList(String name, int max, Function<String, Refused> refusal) {
            Object value = values.get(name);
            if (value == null) {
                return Optional.empty();
            }
            if (!(value instanceof List<?> list)) {
                throw refusal.apply(name + " must be an array of strings");
            }
            if (list.size() > max) {
                throw refusal.apply(name + " must contain at most " + max + " entries");
            }
            List<String> strings = new ArrayList<>(list.size());
            for (Object item : list) {
                if (!(item instanceof String text)) {
                    throw refusal.apply(name + " must be an array of strings");
                }
                strings.add(text);
            }
            return Optional.of(List.copyOf(strings));
        }
    }

    /** Ends the pipeline at the first violation; stackless, and never leaves this class. */
    private static final class Refused extends RuntimeException {
        private final transient RegistrationError error;

        Refused(RegistrationError error) {
            super(null, null, false, false);
            this.error = error;
        }
    }
}
