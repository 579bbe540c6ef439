package io.mcpdcr.domain.account;

import io.mcpdcr.domain.registration.ClientId;
import java.util.List;
import java.util.Map;

/**
 * The rules of the account page's "Revoke" form: it names exactly one application, by a client_id shaped like those
 * this server stores (visible ASCII, at most 2000 characters), so nothing else travels further than this check.
 * Whose grant it is, is not the form's to say: the signed-in user revokes their own only.
 */
public final class ApplicationRevocationPolicy {
    public static final String CLIENT_ID = "client_id";
    // A client ID metadata document URL is at most 2000 characters; registered ids are far shorter.
    private static final int MAX_CLIENT_ID_LENGTH = 2000;

    private ApplicationRevocationPolicy() {}

    public static RevocationCheck check(Map<String, List<String>> form) {
        List<String> values = form.getOrDefault(CLIENT_ID, List.of());
        if (values.size() != 1) {
            return new RevocationCheck.Invalid(values.isEmpty() ? "The form names no application"
                    : "The form names more than one application");
        }
        String value = values.get(0);
        if (value.isEmpty() || value.length() > MAX_CLIENT_ID_LENGTH
                || !value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            return new RevocationCheck.Invalid("The form names no known application");
        }
        return new RevocationCheck.Revoke(new ClientId(value));
    }
}
