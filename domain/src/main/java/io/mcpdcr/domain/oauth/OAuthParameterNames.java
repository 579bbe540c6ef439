package io.mcpdcr.domain.oauth;

/** The wire names of the request parameters of the authorization, token, revocation and introspection endpoints. */
public final class OAuthParameterNames {
    public static final String CLIENT_ID = "client_id";
    public static final String CLIENT_SECRET = "client_secret";
    public static final String CLIENT_ASSERTION = "client_assertion";
    public static final String CLIENT_ASSERTION_TYPE = "client_assertion_type";
    public static final String REDIRECT_URI = "redirect_uri";
    public static final String RESPONSE_TYPE = "response_type";
    public static final String STATE = "state";
    public static final String SCOPE = "scope";
    public static final String RESOURCE = "resource";
    public static final String CODE_CHALLENGE = "code_challenge";
    public static final String CODE_CHALLENGE_METHOD = "code_challenge_method";
    public static final String GRANT_TYPE = "grant_type";
    public static final String CODE = "code";
    public static final String CODE_VERIFIER = "code_verifier";
    public static final String REFRESH_TOKEN = "refresh_token";
    public static final String TOKEN = "token";

    private OAuthParameterNames() {}
}
