package io.mcpdcr.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JWT access tokens on the embedded default, an H2 file database; and what opaque mode and a clear key look like. */
class H2JwtAccessTokenTest extends JwtAccessTokenContract {
    @TempDir
    Path dataDir;
    @TempDir
    Path otherDir;

    @Override
    Map<String, String> databaseEnv() {
        return Map.of("DCR_DATA_DIR", dataDir.toString());
    }

    @Test
    void withOpaqueTokensNoKeySetIsAdvertisedOrServed() throws Exception {
        Map<String, String> opaque = Map.of("DCR_DATA_DIR", otherDir.toString(), "DCR_PORT", "0");
        try (Wiring other = Wiring.build(Settings.from(opaque))) {
            int port = other.start("127.0.0.1", 0);
            var browser = new Browser("http://127.0.0.1:" + port);
            JsonNode metadata = JSON.readTree(browser.get("/.well-known/oauth-authorization-server").body());
            assertThat(metadata.has("jwks_uri")).isFalse();
            assertThat(browser.get("/.well-known/jwks.json").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void withoutAKeyEncryptionKeyTheStartUpLogSaysKeysAreInClearAndWhere() throws Exception {
        Map<String, String> clear = new HashMap<>(Map.of("DCR_DATA_DIR", otherDir.toString(), "DCR_PORT", "0",
                "DCR_ACCESS_TOKEN_FORMAT", "jwt", "DCR_JWT_ALG", "RS256", "DCR_JWT_PREFERRED_USERNAME", "on"));
        try (LogCapture logs = new LogCapture(); Wiring other = Wiring.build(Settings.from(clear))) {
            assertThat(logs.lines()).anySatisfy(line -> assertThat(line)
                    .contains("private keys are stored in clear in table signing_key of jdbc:h2:file:")
                    .contains("DCR_KEY_ENCRYPTION_KEY"));
        }
        assertThat(DatabaseDump.of(Settings.from(clear))).contains("\"d\":\"").contains("RS256");
    }
}
