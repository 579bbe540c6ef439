package io.mcpdcr.bootstrap;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** The MCP client journey on the embedded default: an H2 file database. */
class H2OAuthFlowTest extends OAuthFlowContract {
    @TempDir
    Path dataDir;

    @Override
    Map<String, String> databaseEnv() {
        return Map.of("DCR_DATA_DIR", dataDir.toString());
    }
}
