package io.mcpdcr.domain.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpdcr.domain.authorization.ScopeSet;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GatewayRouteTest {
    private static final URI UPSTREAM = URI.create("http://127.0.0.1:3000/mcp");

    @ParameterizedTest
    @ValueSource(strings = {"/o", "/o/mcp", "/.well-known", "/.well-known/mcp", "/health", "/health/x", "/metrics",
            "/metrics/x", "/", "", "mcp", "/mcp/", "//mcp", "/a/../o", "/a/./b", "/..", "/mcp%2Fx", "/mcp?x", "/m cp"})
    void refusesPathsThatAreNotPlainOrThatTheAuthorizationServerAnswers(String path) {
        assertThat(GatewayRoute.pathProblem(path)).isPresent();
        assertThatThrownBy(() -> new GatewayRoute(path, UPSTREAM, ScopeSet.EMPTY))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/mcp", "/github", "/tools/v1", "/oauth", "/healthz", "/metrics-api", "/a.b_c~d-e"})
    void acceptsPlainPathsBesideTheServersOwn(String path) {
        assertThat(GatewayRoute.pathProblem(path)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://127.0.0.1/mcp", "http:///mcp", "http://127.0.0.1/mcp?key=1", "http://127.0.0.1/mcp#x",
            "http://user:pw@127.0.0.1/mcp", "/relative"})
    void refusesUpstreamsThatAreNotPlainHttpUrls(String upstream) {
        assertThatThrownBy(() -> new GatewayRoute("/mcp", URI.create(upstream), ScopeSet.EMPTY))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void servesItsPathAndWhatIsBelowItOnly() {
        var route = new GatewayRoute("/mcp", UPSTREAM, ScopeSet.EMPTY);

        assertThat(route.serves("/mcp")).isTrue();
        assertThat(route.serves("/mcp/messages")).isTrue();
        assertThat(route.serves("/mcpx")).isFalse();
        assertThat(route.serves("/mc")).isFalse();
        assertThat(route.serves("/other/mcp")).isFalse();
        assertThat(route.remainder("/mcp/messages")).isEqualTo("/messages");
        assertThat(route.remainder("/mcp")).isEmpty();
    }

    @Test
    void theResourceIsTheIssuerFollowedByThePathAndItsMetadataUrlInsertsTheWellKnownPath() {
        var route = new GatewayRoute("/github", UPSTREAM, ScopeSet.parse("repo"));

        var resource = ProtectedResource.of("https://auth.example.com", route);
        assertThat(resource.identifier()).isEqualTo("https://auth.example.com/github");
        assertThat(resource.metadataUrl()).isEqualTo("https://auth.example.com/.well-known/oauth-protected-resource/github");
        assertThat(ProtectedResource.of("https://auth.example.com/", route).identifier())
                .isEqualTo("https://auth.example.com/github");
        assertThat(ProtectedResource.of("https://example.com:8443/auth", route).metadataUrl())
                .as("RFC 9728 §3.1: inserted between the authority and the path")
                .isEqualTo("https://example.com:8443/.well-known/oauth-protected-resource/auth/github");
    }
}
