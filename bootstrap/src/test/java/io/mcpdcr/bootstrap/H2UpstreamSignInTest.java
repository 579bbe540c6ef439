package io.mcpdcr.bootstrap;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** Sign-in through an OpenID Connect provider on the embedded default: an H2 file database. */
class H2UpstreamSignInTest extends UpstreamSignInContract {
    @TempDir
    Path dataDir;

    @Override
    Map<String, String> databaseEnv() {
        return Map.of("DCR_DATA_DIR", dataDir.toString());
    }
}
