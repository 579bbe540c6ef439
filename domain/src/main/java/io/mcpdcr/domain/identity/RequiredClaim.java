package io.mcpdcr.domain.identity;

import java.util.Objects;

/** {@code DCR_LOGIN_REQUIRED_CLAIM}: a claim that must hold a value, as a string or as one entry of an array. */
public record RequiredClaim(String name, String value) {
    public RequiredClaim {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.isBlank() || value.isBlank()) {
            throw new IllegalArgumentException("a required claim is name=value, for example groups=mcp-users");
        }
    }

    /** Reads {@code name=value}. */
    public static RequiredClaim parse(String text) {
        int equals = text.indexOf('=');
        if (equals < 0) {
            throw new IllegalArgumentException("a required claim is name=value, for example groups=mcp-users");
        }
        return new RequiredClaim(text.substring(0, equals).trim(), text.substring(equals + 1).trim());
    }

    boolean heldBy(ExternalIdentity identity) {
        return identity.claimValues(name).contains(value);
    }

    @Override
    public String toString() {
        return name + "=" + value;
    }
}
