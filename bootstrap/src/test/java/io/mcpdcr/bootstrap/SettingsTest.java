package io.mcpdcr.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SettingsTest {
    @Test
    void defaultsServeTheEmbeddedDatabaseOnPort8080() {
        Settings settings = Settings.from(Map.of());

        assertThat(settings.port()).isEqualTo(8080);
        assertThat(settings.issuer()).isEqualTo("http://localhost:8080");
        assertThat(settings.dbUrl()).startsWith("jdbc:h2:file:").contains("data");
        assertThat(settings.registerPerIp()).hasValueSatisfying(limit -> {
            assertThat(limit.count()).isEqualTo(20);
            assertThat(limit.period()).isEqualTo(Duration.ofHours(1));
        });
        assertThat(settings.registerGlobal()).hasValueSatisfying(limit -> assertThat(limit.count()).isEqualTo(1000));
        assertThat(settings.trustedProxies()).isEmpty();
        assertThat(settings.redirectSchemes()).isEmpty();
        assertThat(settings.ipv6Prefix()).isEqualTo(64);
        assertThat(settings.tokenPerIp()).hasValueSatisfying(limit -> {
            assertThat(limit.count()).isEqualTo(600);
            assertThat(limit.period()).isEqualTo(Duration.ofMinutes(1));
        });
        assertThat(settings.defaultResource()).isEmpty();
        assertThat(settings.loginPerUser()).hasValueSatisfying(limit -> {
            assertThat(limit.count()).isEqualTo(10);
            assertThat(limit.period()).isEqualTo(Duration.ofMinutes(15));
        });
        assertThat(settings.loginPerUserTotal()).hasValueSatisfying(limit -> {
            assertThat(limit.count()).isEqualTo(100);
            assertThat(limit.period()).isEqualTo(Duration.ofMinutes(15));
        });
        assertThat(settings.loginConcurrency()).as("derived from the heap at start-up").isEmpty();
    }

    @Test
    void hostedClientsSpendAPerHostBudgetByDefault() {
        Settings.HostedClients hosted = Settings.from(Map.of()).hostedClients();

        assertThat(hosted.hosts()).containsExactlyInAnyOrder("claude.ai", "claude.com", "chatgpt.com", "vscode.dev",
                "insiders.vscode.dev");
        assertThat(hosted.perHost()).hasValueSatisfying(limit -> {
            assertThat(limit.count()).isEqualTo(1000);
            assertThat(limit.period()).isEqualTo(Duration.ofHours(1));
        });
    }

    @Test
    void readsTheHostedClientsAndTheirBudget() {
        Settings.HostedClients hosted = Settings.from(Map.of("DCR_HOSTED_CLIENT_HOSTS", " Claude.AI , mcp.example.com",
                "DCR_REGISTER_PER_HOSTED_HOST", "50/10m")).hostedClients();

        assertThat(hosted.hosts()).containsExactlyInAnyOrder("claude.ai", "mcp.example.com");
        assertThat(hosted.perHost()).hasValueSatisfying(limit -> assertThat(limit.count()).isEqualTo(50));
        assertThat(Settings.from(Map.of("DCR_HOSTED_CLIENT_HOSTS", "", "DCR_REGISTER_PER_HOSTED_HOST", "off"))
                .hostedClients()).isEqualTo(new Settings.HostedClients(Set.of(), Optional.empty()));
    }

    @Test
    void readsTheTokenLimitAndTheDefaultResource() {
        Settings settings = Settings.from(Map.of(
                "DCR_TOKEN_PER_IP", "off",
                "DCR_RESOURCES", "https://mcp.example.com/mcp, https://files.example.com/mcp",
                "DCR_DEFAULT_RESOURCE", "https://mcp.example.com/mcp"));

        assertThat(settings.tokenPerIp()).isEmpty();
        assertThat(settings.defaultResource()).contains("https://mcp.example.com/mcp");
    }

    @Test
    void refusesADefaultResourceOutsideTheConfiguredResources() {
        assertThatThrownBy(() -> Settings.from(Map.of(
                "DCR_RESOURCES", "https://mcp.example.com/mcp",
                "DCR_DEFAULT_RESOURCE", "https://files.example.com/mcp")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("DCR_DEFAULT_RESOURCE: ");
    }

    @Test
    void onlyTheOidcVariablesMakeOidcTheWayToSignIn() {
        Settings settings = Settings.from(Map.of("DCR_OIDC_ISSUER", "https://login.example.com/realms/corp/",
                "DCR_OIDC_CLIENT_ID", "dcr", "DCR_OIDC_CLIENT_SECRET", "s3cret-at-the-provider",
                "DCR_LOGIN_REQUIRED_CLAIM", "groups=mcp-users"));

        assertThat(settings.login().local()).isFalse();
        assertThat(settings.login().oidc()).hasValueSatisfying(oidc -> {
            assertThat(oidc.issuer().toString()).isEqualTo("https://login.example.com/realms/corp");
            assertThat(oidc.scopes()).isEqualTo("openid email profile");
            assertThat(oidc.toString()).doesNotContain("s3cret-at-the-provider");
        });
        assertThat(settings.login().requiredClaim()).hasValueSatisfying(claim -> assertThat(claim.name())
                .isEqualTo("groups"));
        assertThat(Settings.from(Map.of()).login().local()).as("local by default").isTrue();
    }

    @Test
    void refusesAnIncompleteOrContradictorySignInConfiguration() {
        assertThatThrownBy(() -> Settings.from(Map.of("DCR_LOGIN", "oidc")))
                .hasMessageStartingWith("DCR_OIDC_ISSUER: is required");
        assertThatThrownBy(() -> Settings.from(Map.of("DCR_OIDC_ISSUER", "https://login.example.com")))
                .hasMessageStartingWith("DCR_OIDC_CLIENT_ID: is required");
        assertThatThrownBy(() -> Settings.from(Map.of("DCR_LOGIN", "local", "DCR_OIDC_ISSUER",
                "https://login.example.com"))).hasMessageStartingWith("DCR_OIDC_ISSUER: is set, but");
        assertThatThrownBy(() -> Settings.from(Map.of("DCR_LOGIN", "ldap"))).hasMessageStartingWith("DCR_LOGIN: ");
        assertThatThrownBy(() -> Settings.from(Map.of("DCR_OIDC_ISSUER", "http://login.example.com",
                "DCR_OIDC_CLIENT_ID", "a", "DCR_OIDC_CLIENT_SECRET", "b")))
                .as("plain http only on loopback").hasMessageStartingWith("DCR_OIDC_ISSUER: ");
        assertThatThrownBy(() -> Settings.from(Map.of("DCR_GITHUB_ORGS", "acme")))
                .hasMessageStartingWith("DCR_GITHUB_ORGS: is set, but");
        assertThatThrownBy(() -> Settings.from(Map.of("DCR_LOGIN_REQUIRED_CLAIM", "groups")))
                .hasMessageStartingWith("DCR_LOGIN_REQUIRED_CLAIM: ");
        assertThatThrownBy(() -> Settings.from(Map.of("DCR_OIDC_SCOPES", "email profile")))
                .hasMessageStartingWith("DCR_OIDC_SCOPES: must include openid");
    }

    @Test
    void readsTheShutdownDrainAndTimeout() {
        assertThat(Settings.from(Map.of()).shutdown())
                .isEqualTo(new Settings.Shutdown(Duration.ofSeconds(5), Duration.ofSeconds(20)));
        assertThat(Settings.from(Map.of("DCR_SHUTDOWN_DRAIN", "0s", "DCR_SHUTDOWN_TIMEOUT", "2m")).shutdown())
                .isEqualTo(new Settings.Shutdown(Duration.ZERO, Duration.ofMinutes(2)));
        assertThatThrownBy(() -> Settings.from(Map.of("DCR_SHUTDOWN_DRAIN", "6m")))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("DCR_SHUTDOWN_DRAIN: ");
        assertThatThrownBy(() -> Settings.from(Map.of("DCR_SHUTDOWN_TIMEOUT", "0s")))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("DCR_SHUTDOWN_TIMEOUT: ");
    }

    @Test
    void readsTheSignInLimits() {
        Settings settings = Settings.from(Map.of("DCR_LOGIN_PER_USER", "5/10m", "DCR_LOGIN_PER_USER_TOTAL", "off",
                "DCR_LOGIN_CONCURRENCY", "3"));

        assertThat(settings.loginPerUser()).hasValueSatisfying(limit -> assertThat(limit.count()).isEqualTo(5));
        assertThat(settings.loginPerUserTotal()).isEmpty();
        assertThat(settings.loginConcurrency()).hasValue(3);
    }

    @Test
    void readsTheAccessTokenFormatAndItsKeys() {
        Settings.AccessTokens defaults = Settings.from(Map.of()).accessTokens();
        assertThat(defaults.jwt()).isFalse();
        assertThat(defaults.algorithm()).isEqualTo("ES256");
        assertThat(defaults.rotation()).isEqualTo(java.time.Duration.ofDays(30));
        assertThat(defaults.keyEncryption().encrypts()).isFalse();
        assertThat(defaults.preferredUsername()).isFalse();

        Settings.AccessTokens jwt = Settings.from(Map.of("DCR_ACCESS_TOKEN_FORMAT", "jwt", "DCR_JWT_ALG", "RS256",
                "DCR_JWT_ROTATION", "7d", "DCR_KEY_ENCRYPTION_KEY", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
                "DCR_JWT_PREFERRED_USERNAME", "on")).accessTokens();
        assertThat(jwt.jwt()).isTrue();
        assertThat(jwt.algorithm()).isEqualTo("RS256");
        assertThat(jwt.rotation()).isEqualTo(java.time.Duration.ofDays(7));
        assertThat(jwt.keyEncryption().encrypts()).isTrue();
        assertThat(jwt.preferredUsername()).isTrue();
    }

    @Test
    void refusesUnknownFormatsAlgorithmsAndMalformedKeyEncryptionKeys() {
        assertThatThrownBy(() -> Settings.from(Map.of("DCR_ACCESS_TOKEN_FORMAT", "jws")))
                .hasMessageStartingWith("DCR_ACCESS_TOKEN_FORMAT: ");
        assertThatThrownBy(() -> Settings.from(Map.of("DCR_JWT_ALG", "HS256"))).hasMessageStartingWith("DCR_JWT_ALG: ");
        assertThatThrownBy(() -> Settings.from(Map.of("DCR_JWT_ALG", "EdDSA"))).hasMessageContaining("Tink");
        assertThatThrownBy(() -> Settings.from(Map.of("DCR_JWT_ROTATION", "30s")))
                .hasMessageStartingWith("DCR_JWT_ROTATION: ");
        assertThatThrownBy(() -> Settings.from(Map.of("DCR_KEY_ENCRYPTION_KEY", "c2hvcnQ=")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("DCR_KEY_ENCRYPTION_KEY: ").hasMessageContaining("32 bytes");
    }

    @Test
    void issuerFollowsThePort() {
        assertThat(Settings.from(Map.of("DCR_PORT", "9090")).issuer()).isEqualTo("http://localhost:9090");
    }

    @Test
    void readsEveryVariable() {
        Settings settings = Settings.from(Map.of(
                "DCR_ISSUER", "https://auth.example.com",
                "DCR_DB_URL", "jdbc:postgresql://db:5432/dcr",
                "DCR_REGISTER_PER_IP", "off",
                "DCR_REGISTER_GLOBAL", "5/30s",
                "DCR_TRUSTED_PROXIES", "10.0.0.0/8, 192.168.1.1",
                "DCR_REDIRECT_SCHEMES", "cursor,Com.Example.App"));

        assertThat(settings.issuer()).isEqualTo("https://auth.example.com");
        assertThat(settings.registerPerIp()).isEmpty();
        assertThat(settings.registerGlobal()).hasValueSatisfying(limit -> assertThat(limit.period()).hasSeconds(30));
        assertThat(settings.trustedProxies()).containsExactly("10.0.0.0/8", "192.168.1.1");
        assertThat(settings.redirectSchemes()).containsExactlyInAnyOrder("cursor", "com.example.app");
    }

    @Test
    void withoutDcrGatewayThereIsNoGateway() {
        Settings settings = Settings.from(Map.of());

        assertThat(settings.gateway().enabled()).isFalse();
        assertThat(settings.gatewayTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.gatewaySharedSecret()).isEmpty();
    }

    @Test
    void readsTheGatewayRoutesAsResourcesOfTheIssuer() {
        Settings settings = Settings.from(Map.of(
                "DCR_ISSUER", "https://auth.example.com",
                "DCR_SCOPES", "mcp repo read",
                "DCR_GATEWAY", "/mcp=http://127.0.0.1:3000/mcp, /github=http://10.0.0.7:8080/mcp",
                "DCR_GATEWAY_SCOPES", "/github=repo read",
                "DCR_GATEWAY_TIMEOUT", "5s",
                "DCR_GATEWAY_SHARED_SECRET", "0123456789abcdef0123"));

        var gateway = settings.gateway();
        assertThat(gateway.resources()).extracting(resource -> resource.identifier())
                .containsExactly("https://auth.example.com/mcp", "https://auth.example.com/github");
        assertThat(gateway.resources().get(1).metadataUrl())
                .isEqualTo("https://auth.example.com/.well-known/oauth-protected-resource/github");
        assertThat(gateway.resources().get(0).requiredScopes().isEmpty()).isTrue();
        assertThat(gateway.resources().get(1).requiredScopes().toString()).isEqualTo("repo read");
        assertThat(gateway.resources().get(1).route().upstream().toString()).isEqualTo("http://10.0.0.7:8080/mcp");
        assertThat(gateway.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(gateway.sharedSecret()).contains("0123456789abcdef0123");
    }

    @Test
    void aConfiguredResourceListAlsoAcceptsTheGatewaysResources() {
        Settings settings = Settings.from(Map.of("DCR_ISSUER", "https://auth.example.com",
                "DCR_RESOURCES", "https://files.example.com/mcp", "DCR_GATEWAY", "/mcp=http://127.0.0.1:3000/mcp"));

        assertThat(settings.allowedResources())
                .containsExactlyInAnyOrder("https://files.example.com/mcp", "https://auth.example.com/mcp");
        assertThat(Settings.from(Map.of("DCR_GATEWAY", "/mcp=http://127.0.0.1:3000/mcp")).allowedResources())
                .as("an empty list accepts any resource, as before").isEmpty();
    }

    @Test
    void aRouteMayOnlyRequireScopesTheServerOffers() {
        assertThatThrownBy(() -> Settings.from(Map.of("DCR_GATEWAY", "/mcp=http://127.0.0.1:3000/mcp",
                "DCR_GATEWAY_SCOPES", "/mcp=admin")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("DCR_GATEWAY_SCOPES: ");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            DCR_PORT             | eighty
            DCR_PORT             | 70000
            DCR_ISSUER           | ftp://auth.example.com
            DCR_ISSUER           | https://auth.example.com/?tenant=1
            DCR_DB_URL           | jdbc:mysql://db/dcr
            DCR_DB_POOL_SIZE     | 0
            DCR_IPV6_PREFIX      | 16
            DCR_IPV6_PREFIX      | 129
            DCR_REGISTER_PER_IP  | 20 per hour
            DCR_LOGIN_PER_USER_TOTAL | 100
            DCR_LOGIN_CONCURRENCY | 0
            DCR_LOGIN_CONCURRENCY | many
            DCR_LOGIN_CONCURRENCY | 1025
            DCR_REGISTER_GLOBAL  | 0/1h
            DCR_REGISTER_PER_HOSTED_HOST | 1000 per hour
            DCR_HOSTED_CLIENT_HOSTS | https://claude.ai
            DCR_HOSTED_CLIENT_HOSTS | claude.ai/api
            DCR_HOSTED_CLIENT_HOSTS | localhost
            DCR_TOKEN_PER_IP     | 600 per minute
            DCR_TOKEN_PER_IP     | 0/1m
            DCR_DEFAULT_RESOURCE | not a uri
            DCR_DEFAULT_RESOURCE | https://mcp.example.com/mcp#fragment
            DCR_DEFAULT_RESOURCE | /relative/mcp
            DCR_TRUSTED_PROXIES  | proxy.internal
            DCR_TRUSTED_PROXIES  | 10.0.0.0/33
            DCR_REDIRECT_SCHEMES | https
            DCR_REDIRECT_SCHEMES | javascript
            DCR_REDIRECT_SCHEMES | not a scheme
            DCR_GATEWAY          | /o=http://127.0.0.1:3000/mcp
            DCR_GATEWAY          | /o/mcp=http://127.0.0.1:3000/mcp
            DCR_GATEWAY          | /.well-known/mcp=http://127.0.0.1:3000/mcp
            DCR_GATEWAY          | /.well-known=http://127.0.0.1:3000/mcp
            DCR_GATEWAY          | /health=http://127.0.0.1:3000/mcp
            DCR_GATEWAY          | /metrics=http://127.0.0.1:3000/mcp
            DCR_GATEWAY          | /metrics/mcp=http://127.0.0.1:3000/mcp
            DCR_GATEWAY          | /=http://127.0.0.1:3000/mcp
            DCR_GATEWAY          | /mcp/=http://127.0.0.1:3000/mcp
            DCR_GATEWAY          | mcp=http://127.0.0.1:3000/mcp
            DCR_GATEWAY          | /a/../o=http://127.0.0.1:3000/mcp
            DCR_GATEWAY          | /mcp%2F=http://127.0.0.1:3000/mcp
            DCR_GATEWAY          | /mcp
            DCR_GATEWAY          | /mcp=ftp://127.0.0.1/mcp
            DCR_GATEWAY          | /mcp=http://127.0.0.1:3000/mcp?key=1
            DCR_GATEWAY          | /mcp=http://user:secret@127.0.0.1:3000/mcp
            DCR_GATEWAY          | /mcp=not a url
            DCR_GATEWAY          | /mcp=http://127.0.0.1:3000/a,/mcp=http://127.0.0.1:3000/b
            DCR_GATEWAY          | /mcp=http://127.0.0.1:3000/a,/mcp/x=http://127.0.0.1:3000/b
            DCR_GATEWAY_SCOPES   | /mcp=mcp
            DCR_GATEWAY_TIMEOUT  | 0s
            DCR_GATEWAY_TIMEOUT  | soon
            DCR_GATEWAY_TIMEOUT  | 11m
            DCR_GATEWAY_SHARED_SECRET | short
            DCR_GATEWAY_SHARED_SECRET | has spaces in it, 1234567890
            """)
    void refusesABadValueNamingTheVariable(String variable, String value) {
        assertThatThrownBy(() -> Settings.from(Map.of(variable, value)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith(variable + ": ");
    }
}
