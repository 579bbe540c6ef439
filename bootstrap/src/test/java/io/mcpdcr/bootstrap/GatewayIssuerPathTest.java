package io.mcpdcr.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An issuer with a path (behind a reverse proxy that strips it): the resource identifier and the metadata URL in the
 * challenge carry the path, and the metadata answers at that URL's path-inserted form as well as at the plain one.
 */
class GatewayIssuerPathTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void theMetadataUrlInTheChallengeIsServed() throws Exception {
        int port = FreePort.pick();
        String issuer = "http://127.0.0.1:" + port + "/auth";
        var settings = Settings.from(Map.of("DCR_DATA_DIR", dataDir.toString(), "DCR_PORT", Integer.toString(port),
                "DCR_ISSUER", issuer, "DCR_GATEWAY", "/mcp=http://127.0.0.1:9/mcp"));
        try (Wiring wiring = Wiring.build(settings)) {
            wiring.start("127.0.0.1", port);
            var browser = new Browser("http://127.0.0.1:" + port);

            HttpResponse<String> challenge = browser.get("/mcp");
            assertThat(challenge.statusCode()).isEqualTo(401);
            String metadataUrl = "http://127.0.0.1:" + port + "/.well-known/oauth-protected-resource/auth/mcp";
            assertThat(challenge.headers().firstValue("WWW-Authenticate"))
                    .contains("Bearer resource_metadata=\"" + metadataUrl + "\"");

            for (String path : new String[] {"/.well-known/oauth-protected-resource/auth/mcp",
                    "/.well-known/oauth-protected-resource/mcp"}) {
                HttpResponse<String> metadata = browser.get(path);
                assertThat(metadata.statusCode()).as(path).isEqualTo(200);
                assertThat(JSON.readTree(metadata.body()).path("resource").asText()).isEqualTo(issuer + "/mcp");
            }
        }
    }
}
