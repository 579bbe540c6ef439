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
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Every RFC 7591 client metadata rule as an ordered list of named rules ({@link #rules}): types, defaults, allowed
 * values, substitutions and the redirect URI policy. Input is the submitted JSON object as plain Java values (String,
 * Number, Boolean, List, Map, null); unknown members are ignored (RFC 7591 §2), and a null member counts as absent.
 * The rules run in order and the first one broken is the answer (RFC 7591 §3.2.2 has room for one error).
 */
public final class ClientMetadataPolicy {
    public static final String GRANT_AUTHORIZATION_CODE = "authorization_code";
    public static final String GRANT_REFRESH_TOKEN = "refresh_token";
    public static final String RESPONSE_TYPE_CODE = "code";
    public static final String AUTH_METHOD_NONE = "none";
    /** RFC 7523 §2.2: the client signs an assertion with a key it publishes; only document clients may use it. */
    public static final String AUTH_METHOD_PRIVATE_KEY_JWT = "private_key_jwt";
    public static final String APPLICATION_TYPE_NATIVE = "native";
    public static final String APPLICATION_TYPE_WEB = "web";

    public static final int MAX_CLIENT_NAME = 200;
    public static final int MAX_TEXT = 200;
    public static final int MAX_CONTACT = 320;
    public static final int MAX_LIST = 10;
    public static final int MAX_SCOPE = 1000;
    public static final int MAX_KEYS = 10;

    static final List<String> DEFAULT_GRANT_TYPES = List.of(GRANT_AUTHORIZATION_CODE, GRANT_REFRESH_TOKEN);
    static final List<String> DEFAULT_RESPONSE_TYPES = List.of(RESPONSE_TYPE_CODE);
    private static final Set<String> GRANT_TYPES_ALLOWED = Set.of(GRANT_AUTHORIZATION_CODE, GRANT_REFRESH_TOKEN);
    // RFC 7591 §3.2.1 lets the server replace a requested method; only public clients exist here.
    private static final Set<String> AUTH_METHODS_SUBSTITUTED = Set.of("client_secret_post", "client_secret_basic");
    private static final Set<String> APPLICATION_TYPES = Set.of(APPLICATION_TYPE_NATIVE, APPLICATION_TYPE_WEB);
    // RFC 6749 §3.3: scope = scope-token *( SP scope-token ); scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
    private static final Pattern SCOPE_SYNTAX = Pattern.compile(
            "[\\x21\\x23-\\x5B\\x5D-\\x7E]+(?: [\\x21\\x23-\\x5B\\x5D-\\x7E]+)*");

    /** A named rule: reads its members into the draft, or answers the error that ends the evaluation. */
    private record MetadataRule(String name, Rule check) {}

    @FunctionalInterface
    private interface Rule {
        Optional<RegistrationError> apply(Members members, Draft draft);
    }

    private final RedirectUriPolicy redirectUris;
    private final List<MetadataRule> rules;
    private final List<MetadataRule> documentRules;

    public ClientMetadataPolicy(RedirectUriPolicy redirectUris) {
        this.redirectUris = redirectUris;
        this.rules = rulesWith(new MetadataRule(GRANT_TYPES, ClientMetadataPolicy::grantTypes),
                new MetadataRule(TOKEN_ENDPOINT_AUTH_METHOD, ClientMetadataPolicy::publicClient));
        this.documentRules = rulesWith(new MetadataRule(GRANT_TYPES, ClientMetadataPolicy::usableGrantTypes),
                new MetadataRule(TOKEN_ENDPOINT_AUTH_METHOD, ClientMetadataPolicy::publicOrKeyedClient));
    }

    /**
     * The rules in order; registrations and documents differ in how they treat grant types, and in that a document
     * may name keys for private_key_jwt: its URL is the client's identity, so keys it publishes there are the client's.
     */
    private List<MetadataRule> rulesWith(MetadataRule grantTypes, MetadataRule authMethod) {
        return List.of(
                new MetadataRule(CLIENT_NAME, ClientMetadataPolicy::clientName),
                // Before redirect_uris: the type decides which redirect URIs the client may use.
                new MetadataRule(APPLICATION_TYPE, ClientMetadataPolicy::applicationType),
                new MetadataRule(REDIRECT_URIS, this::redirectUris),
                grantTypes,
                new MetadataRule(RESPONSE_TYPES, ClientMetadataPolicy::responseTypes),
                authMethod,
                new MetadataRule(SCOPE, ClientMetadataPolicy::scope),
                new MetadataRule(CLIENT_URI, webPage(CLIENT_URI, (draft, uri) -> draft.clientUri = uri)),
                new MetadataRule(LOGO_URI, webPage(LOGO_URI, (draft, uri) -> draft.logoUri = uri)),
                new MetadataRule(TOS_URI, webPage(TOS_URI, (draft, uri) -> draft.tosUri = uri)),
                new MetadataRule(POLICY_URI, webPage(POLICY_URI, (draft, uri) -> draft.policyUri = uri)),
                new MetadataRule(CONTACTS, ClientMetadataPolicy::contacts),
                new MetadataRule(SOFTWARE_ID, softwareText(SOFTWARE_ID, (draft, id) -> draft.softwareId = id)),
                new MetadataRule(SOFTWARE_VERSION,
                        softwareText(SOFTWARE_VERSION, (draft, version) -> draft.softwareVersion = version)));
    }

    /** The rules' names in the order they run. */
    public List<String> ruleNames() {
        return rules.stream().map(MetadataRule::name).toList();
    }

    /** Checks the submitted metadata rule by rule and answers the first violation, or the metadata to store. */
    public MetadataCheck evaluate(Map<String, ?> submitted) {
        return evaluate(rules, submitted);
    }

    /**
     * Checks a published Client ID Metadata Document with the same rules, except that grant types this server does
     * not support are dropped rather than refused: a document serves many servers, and a client may only ever use
     * what is left.
     */
    public MetadataCheck evaluateDocument(Map<String, ?> document) {
        return evaluate(documentRules, document);
    }

    private static MetadataCheck evaluate(List<MetadataRule> rules, Map<String, ?> submitted) {
        Members members = new Members(submitted);
        Draft draft = new Draft();
        for (MetadataRule rule : rules) {
            Optional<RegistrationError> broken = rule.check().apply(members, draft);
            if (broken.isPresent()) {
                return new MetadataCheck.Invalid(broken.get());
            }
        }
        return new MetadataCheck.Valid(draft.toMetadata());
    }

    private static Optional<RegistrationError> clientName(Members members, Draft draft) {
        return members.string(CLIENT_NAME, name -> {
            if (name.isEmpty()) {
                return metadata(CLIENT_NAME + " is required");
            }
            draft.clientName = name.get();
            return displayText(CLIENT_NAME, name.get(), MAX_CLIENT_NAME);
        });
    }

    /** Every redirect_uris problem, its shape included, is an invalid_redirect_uri; the policy checks the count. */
    private Optional<RegistrationError> redirectUris(Members members, Draft draft) {
        return members.strings(REDIRECT_URIS, Integer.MAX_VALUE, ClientMetadataPolicy::redirect, uris -> {
            if (uris.isEmpty()) {
                return Optional.of(redirect(REDIRECT_URIS + " is required"));
            }
            draft.redirectUris = uris.get();
            boolean web = draft.applicationType.equals(Optional.of(APPLICATION_TYPE_WEB));
            return redirectUris.firstViolation(uris.get(), web);
        });
    }

    private static Optional<RegistrationError> grantTypes(Members members, Draft draft) {
        return members.strings(GRANT_TYPES, MAX_LIST, ClientMetadataPolicy::invalid, given -> {
            List<String> grants = given.map(ClientMetadataPolicy::distinct).orElse(DEFAULT_GRANT_TYPES);
            if (!GRANT_TYPES_ALLOWED.containsAll(grants)) {
                return metadata(GRANT_TYPES + " may contain only authorization_code and refresh_token");
            }
            return keepGrantTypes(draft, grants);
        });
    }

    /** A document's unsupported grant types are dropped; one without authorization_code has nothing usable left. */
    private static Optional<RegistrationError> usableGrantTypes(Members members, Draft draft) {
        return members.strings(GRANT_TYPES, MAX_LIST, ClientMetadataPolicy::invalid, given -> keepGrantTypes(draft,
                given.map(ClientMetadataPolicy::distinct).orElse(DEFAULT_GRANT_TYPES).stream()
                        .filter(GRANT_TYPES_ALLOWED::contains)
                        .toList()));
    }

    private static Optional<RegistrationError> keepGrantTypes(Draft draft, List<String> grants) {
        if (!grants.contains(GRANT_AUTHORIZATION_CODE)) {
            return metadata(GRANT_TYPES + " must contain authorization_code");
        }
        draft.grantTypes = grants;
        return Optional.empty();
    }

    private static Optional<RegistrationError> responseTypes(Members members, Draft draft) {
        return members.strings(RESPONSE_TYPES, MAX_LIST, ClientMetadataPolicy::invalid, given -> {
            List<String> types = given.map(ClientMetadataPolicy::distinct).orElse(DEFAULT_RESPONSE_TYPES);
            return types.equals(DEFAULT_RESPONSE_TYPES)
                    ? Optional.empty()
                    : metadata(RESPONSE_TYPES + " may contain only code");
        });
    }

    /** The requested method may be substituted by none; one that needs a credential cannot be. */
    private static Optional<RegistrationError> publicClient(Members members, Draft draft) {
        return members.string(TOKEN_ENDPOINT_AUTH_METHOD, method -> method.isEmpty()
                        || method.get().equals(AUTH_METHOD_NONE) || AUTH_METHODS_SUBSTITUTED.contains(method.get())
                ? Optional.empty()
                : metadata(TOKEN_ENDPOINT_AUTH_METHOD + " must be none: only public clients can register"));
    }

    /**
     * A document may also name private_key_jwt, with its keys in exactly one of jwks and jwks_uri (RFC 7591 §2: "MUST
     * NOT both be present"); jwks is a JWK Set object with 1 to {@value #MAX_KEYS} keys, jwks_uri an https URL.
     */
    private static Optional<RegistrationError> publicOrKeyedClient(Members members, Draft draft) {
        if (!AUTH_METHOD_PRIVATE_KEY_JWT.equals(members.values().get(TOKEN_ENDPOINT_AUTH_METHOD))) {
            return publicClient(members, draft);
        }
        Object jwks = members.values().get(JWKS);
        Object jwksUri = members.values().get(JWKS_URI);
        if ((jwks == null) == (jwksUri == null)) {
            return metadata("private_key_jwt needs exactly one of " + JWKS + " and " + JWKS_URI);
        }
        if (jwksUri != null) {
            if (!(jwksUri instanceof String uri) || !isHttpsUrl(uri)) {
                return metadata(JWKS_URI + " must be an https URL with a host and no userinfo");
            }
            return keyed(draft, new ClientKeys.Remote(uri));
        }
        if (!(jwks instanceof Map<?, ?> set) || !(set.get("keys") instanceof List<?> keys) || keys.isEmpty()
                || keys.size() > MAX_KEYS || !keys.stream().allMatch(key -> key instanceof Map<?, ?>)) {
            return metadata(JWKS + " must be a JWK Set: an object whose keys member holds 1 to " + MAX_KEYS + " keys");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> jwkSet = (Map<String, Object>) set;
        return keyed(draft, new ClientKeys.Inline(jwkSet));
    }

    private static Optional<RegistrationError> keyed(Draft draft, ClientKeys keys) {
        draft.tokenEndpointAuthMethod = AUTH_METHOD_PRIVATE_KEY_JWT;
        draft.keys = Optional.of(keys);
        return Optional.empty();
    }

    private static Optional<RegistrationError> scope(Members members, Draft draft) {
        return members.string(SCOPE, scope -> {
            draft.scope = scope;
            if (scope.isEmpty()) {
                return Optional.empty();
            }
            if (scope.get().length() > MAX_SCOPE) {
                return metadata(SCOPE + " must be at most " + MAX_SCOPE + " characters");
            }
            return SCOPE_SYNTAX.matcher(scope.get()).matches()
                    ? Optional.empty()
                    : metadata(SCOPE + " must be space-separated scope tokens (RFC 6749 §3.3)");
        });
    }

    private static Rule webPage(String name, BiConsumer<Draft, Optional<String>> keep) {
        return (members, draft) -> members.string(name, page -> {
            keep.accept(draft, page);
            return page.isPresent() && !isHttpsUrl(page.get())
                    ? metadata(name + " must be an https URL with a host and no userinfo")
                    : Optional.empty();
        });
    }

    private static Optional<RegistrationError> contacts(Members members, Draft draft) {
        return members.strings(CONTACTS, MAX_LIST, ClientMetadataPolicy::invalid, contacts -> {
            draft.contacts = contacts.orElse(List.of());
            return draft.contacts.stream()
                    .map(contact -> displayText(CONTACTS + " entries", contact, MAX_CONTACT))
                    .flatMap(Optional::stream)
                    .findFirst();
        });
    }

    private static Rule softwareText(String name, BiConsumer<Draft, Optional<String>> keep) {
        return (members, draft) -> members.string(name, text -> {
            keep.accept(draft, text);
            return text.flatMap(value -> displayText(name, value, MAX_TEXT));
        });
    }

    /** OpenID Connect Registration §2 values. */
    private static Optional<RegistrationError> applicationType(Members members, Draft draft) {
        return members.string(APPLICATION_TYPE, type -> {
            draft.applicationType = type;
            return type.isPresent() && !APPLICATION_TYPES.contains(type.get())
                    ? metadata(APPLICATION_TYPE + " must be native or web")
                    : Optional.empty();
        });
    }

    /** Text shown to people: not blank, bounded, and free of control and bidirectional-override characters. */
    private static Optional<RegistrationError> displayText(String field, String value, int max) {
        if (value.codePoints().allMatch(ClientMetadataPolicy::isInvisible)) {
            return metadata(field + " must not be blank");
        }
        if (value.codePointCount(0, value.length()) > max) {
            return metadata(field + " must be at most " + max + " characters");
        }
        if (value.codePoints().anyMatch(ClientMetadataPolicy::isControlOrBidi)) {
            return metadata(field + " must not contain control characters");
        }
        return Optional.empty();
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

    private static RegistrationError redirect(String description) {
        return new RegistrationError.InvalidRedirectUri(description);
    }

    private static RegistrationError invalid(String description) {
        return new RegistrationError.InvalidClientMetadata(description);
    }

    private static Optional<RegistrationError> metadata(String description) {
        return Optional.of(invalid(description));
    }

    /**
     * Typed access to the submitted members: a member of the wrong JSON type is refused with its name before the
     * rule sees it; otherwise the rule gets the value, empty when the member is absent.
     */
    private record Members(Map<String, ?> values) {
        /** Absent, null and "" all mean "not given": clients differ in how they leave a field out. */
        Optional<RegistrationError> string(String name, Function<Optional<String>, Optional<RegistrationError>> rule) {
            Object value = values.get(name);
            if (value == null) {
                return rule.apply(Optional.empty());
            }
            if (!(value instanceof String text)) {
                return metadata(name + " must be a string");
            }
            return rule.apply(text.isEmpty() ? Optional.empty() : Optional.of(text));
        }

        Optional<RegistrationError> strings(String name, int max, Function<String, RegistrationError> refusal,
                Function<Optional<List<String>>, Optional<RegistrationError>> rule) {
            Object value = values.get(name);
            if (value == null) {
                return rule.apply(Optional.empty());
            }
            if (!(value instanceof List<?> list)) {
                return Optional.of(refusal.apply(name + " must be an array of strings"));
            }
            if (list.size() > max) {
                return Optional.of(refusal.apply(name + " must contain at most " + max + " entries"));
            }
            List<String> strings = new ArrayList<>(list.size());
            for (Object item : list) {
                if (!(item instanceof String text)) {
                    return Optional.of(refusal.apply(name + " must be an array of strings"));
                }
                strings.add(text);
            }
            return rule.apply(Optional.of(List.copyOf(strings)));
        }
    }

    /** The metadata read so far; complete once every rule has passed. */
    private static final class Draft {
        String clientName;
        List<String> redirectUris;
        List<String> grantTypes;
        Optional<String> scope;
        Optional<String> clientUri;
        Optional<String> logoUri;
        Optional<String> tosUri;
        Optional<String> policyUri;
        List<String> contacts;
        Optional<String> softwareId;
        Optional<String> softwareVersion;
        Optional<String> applicationType;
        String tokenEndpointAuthMethod = AUTH_METHOD_NONE;
        Optional<ClientKeys> keys = Optional.empty();

        ClientMetadata toMetadata() {
            return new ClientMetadata(clientName, redirectUris, grantTypes, DEFAULT_RESPONSE_TYPES,
                    tokenEndpointAuthMethod, scope, clientUri, logoUri, tosUri, policyUri, contacts, softwareId,
                    softwareVersion, applicationType, keys);
        }
    }
}
