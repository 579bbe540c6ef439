package io.mcpdcr.domain.authorization;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Builds the redirect back to the client (RFC 6749 §4.1.2), keeping any query the registered URI already has. */
public final class AuthorizationResponse {
    private AuthorizationResponse() {}

    public static String redirect(String redirectUri, Map<String, String> params) {
        StringBuilder uri = new StringBuilder(redirectUri);
        char separator = redirectUri.indexOf('?') >= 0 ? '&' : '?';
        if (redirectUri.endsWith("?") || redirectUri.endsWith("&")) {
            separator = 0;
        }
        for (Map.Entry<String, String> param : params.entrySet()) {
            if (separator != 0) {
                uri.append(separator);
            }
            uri.append(encode(param.getKey())).append('=').append(encode(param.getValue()));
            separator = '&';
        }
        return uri.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
