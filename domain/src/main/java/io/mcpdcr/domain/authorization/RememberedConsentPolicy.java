package io.mcpdcr.domain.authorization;

import io.mcpdcr.domain.registration.LoopbackHost;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Which redirect URIs a remembered consent may answer for (RFC 8252 §8.6). A loopback URI matches on any port and a
 * private-use scheme can be claimed by any local program, while public client_ids are public: a remembered consent
 * there would hand codes to whichever program asks. So only an https redirect to a real host may be remembered, and
 * a consent answers only for the exact redirect URI it was given for.
 */
public final class RememberedConsentPolicy {
    private RememberedConsentPolicy() {}

    /** Whether the user may be offered to remember a decision for this (verified) redirect URI. */
    public static boolean mayRemember(String redirectUri) {
        try {
            URI uri = new URI(redirectUri);
            return uri.getScheme() != null && uri.getScheme().toLowerCase(Locale.ROOT).equals("https")
                    && uri.getHost() != null && !LoopbackHost.is(uri.getHost());
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** Whether a consent remembered for {@code rememberedFor} answers a request to {@code requested}. */
    public static boolean answers(String rememberedFor, String requested) {
        return mayRemember(requested) && rememberedFor.equals(requested);
    }
}
