package io.mcpdcr.application.authorization;

import io.mcpdcr.application.port.UpstreamProvider;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The upstream providers configured, by id, in the order their buttons are shown; and where each calls back. */
public final class UpstreamProviders {
    private final Map<String, UpstreamProvider> byId = new LinkedHashMap<>();
    private final String issuer;

    public UpstreamProviders(List<UpstreamProvider> providers, String issuer) {
        providers.forEach(provider -> byId.put(provider.id(), provider));
        this.issuer = issuer;
    }

    public static UpstreamProviders none(String issuer) {
        return new UpstreamProviders(List.of(), issuer);
    }

    public Optional<UpstreamProvider> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public List<UpstreamProvider> all() {
        return List.copyOf(byId.values());
    }

    /** {@code <issuer>/o/login/<provider>/callback}: what is registered at the provider. */
    public URI callback(String id) {
        return URI.create(issuer + "/o/login/" + id + "/callback");
    }
}
