package io.mcpdcr.domain.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.domain.authorization.ScopeSet;
import io.mcpdcr.domain.registration.ClientId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AllowedApplicationTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final ClientId APP = new ClientId("app");
    private static final List<String> URIS = List.of("https://app.example/cb", "https://app.example/b", "cursor:/cb");

    @Test
    void grantsOfOneClientMakeOneApplicationAllowedSinceTheFirstAndUsedAtTheLastToken() {
        var consent = new AllowedApplication.Grant(APP, "App", URIS, ScopeSet.parse("mcp"), T0, Optional.empty());
        var token = new AllowedApplication.Grant(APP, "App", URIS, ScopeSet.parse("profile"), T0.plusSeconds(60),
                Optional.of(T0.plusSeconds(60)));
        var later = new AllowedApplication.Grant(APP, "App", URIS, ScopeSet.parse("mcp"), T0.plusSeconds(120),
                Optional.of(T0.plusSeconds(120)));
        var other = new AllowedApplication.Grant(new ClientId("other"), "Other", List.of(), ScopeSet.EMPTY, T0,
                Optional.empty());

        List<AllowedApplication> apps = AllowedApplication.of(List.of(later, consent, token, other));

        assertThat(apps).hasSize(2);
        assertThat(apps.get(0)).isEqualTo(new AllowedApplication(APP, "App", URIS, ScopeSet.parse("mcp profile"), T0,
                Optional.of(T0.plusSeconds(120))));
        assertThat(apps.get(0).redirectHosts()).containsExactly("app.example", "cursor:");
        assertThat(apps.get(1).lastUsedAt()).isEmpty();
    }
}
