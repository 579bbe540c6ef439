package io.mcpdcr.domain.registration;

/** The wire names of RFC 7591 §2 client metadata this server understands. */
public final class ClientMetadataNames {
    public static final String CLIENT_ID = "client_id";
    public static final String CLIENT_ID_ISSUED_AT = "client_id_issued_at";
    public static final String CLIENT_NAME = "client_name";
    public static final String REDIRECT_URIS = "redirect_uris";
    public static final String GRANT_TYPES = "grant_types";
    public static final String RESPONSE_TYPES = "response_types";
    public static final String TOKEN_ENDPOINT_AUTH_METHOD = "token_endpoint_auth_method";
    public static final String JWKS = "jwks";
    public static final String JWKS_URI = "jwks_uri";
    public static final String SCOPE = "scope";
    public static final String CLIENT_URI = "client_uri";
    public static final String LOGO_URI = "logo_uri";
    public static final String TOS_URI = "tos_uri";
    public static final String POLICY_URI = "policy_uri";
    public static final String CONTACTS = "contacts";
    public static final String SOFTWARE_ID = "software_id";
    public static final String SOFTWARE_VERSION = "software_version";
    public static final String APPLICATION_TYPE = "application_type";

    private ClientMetadataNames() {}
}
