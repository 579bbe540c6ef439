package io.mcpdcr.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
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
    void readsTheSignInLimits() {
        Settings settings = Settings.from(Map.of("DCR_LOGIN_PER_USER", "5/10m", "DCR_LOGIN_PER_USER_TOTAL", "off",
                "DCR_LOGIN_CONCURRENCY", "3"));

        assertThat(settings.loginPerUser()).hasValueSatisfying(limit -> assertThat(limit.count()).isEqualTo(5));
        assertThat(settings.loginPerUserTotal()).isEmpty();
        assertThat(settings.loginConcurrency()).hasValue(3);
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
            """)
    void refusesABadValueNamingTheVariable(String variable, String value) {
        assertThatThrownBy(() -> Settings.from(Map.of(variable, value)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith(variable + ": ");
    }
}
