package io.mcpdcr.domain.registration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Generates and mutates thousands of URIs from a fixed seed and checks that {@link RedirectUriPolicy} never accepts
 * one that an independent, deliberately narrow grammar refuses. Reproducible: a failure names the seed and the URI.
 */
class RedirectUriPolicyRandomizedTest {
    // Fixed for CI; -Ddcr.fuzz.seed=N explores further.
    private static final long SEED = Long.getLong("dcr.fuzz.seed", 0x5eed_2026_1128L);
    private static final int ROUNDS = 20_000;

    // RFC 3986 pieces, ASCII only; pct-encoded octets other than controls.
    private static final String UNRESERVED = "A-Za-z0-9\\-._~";
    private static final String SUB_DELIMS = "!$&'()+,;=";
    private static final String PCT = "%(?:[2-6][0-9A-Fa-f]|7[0-9A-Ea-e]|[89A-Fa-f][0-9A-Fa-f])";
    private static final String PCHAR = "(?:[" + UNRESERVED + SUB_DELIMS + ":@]|" + PCT + ")";
    private static final String TAIL = "(?:/" + PCHAR + "*)*(?:\\?(?:" + PCHAR + "|[/?])*)?";
    private static final String PORT = "(?::(?:[1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]))?";
    private static final String DNS = "(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\\.?";
    private static final String IPV4 = "(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";
    private static final String IPV6 = "\\[[0-9A-Fa-f:.]+\\]";
    private static final Pattern STRICT = Pattern.compile("(?i:https)://(?:" + DNS + "|" + IPV4 + "|" + IPV6 + ")" + PORT
            + TAIL + "|(?i:http)://(?i:localhost|127\\.0\\.0\\.1|\\[::1\\])" + PORT + TAIL);

    private final RedirectUriPolicy policy = RedirectUriPolicy.strict();
    private final Random random = new Random(SEED);

    @Test
    void acceptsNothingTheStrictGrammarRefuses() {
        List<String> wronglyAccepted = new ArrayList<>();
        int accepted = 0;
        for (int i = 0; i < ROUNDS; i++) {
            String uri = mutate(seedUri());
            if (policy.violation(uri).isEmpty()) {
                accepted++;
                if (!STRICT.matcher(uri).matches() || uri.length() > RedirectUriPolicy.MAX_LENGTH) {
                    wronglyAccepted.add(uri);
                }
            }
        }
        assertThat(wronglyAccepted).as("seed %x", SEED).isEmpty();
        assertThat(accepted).as("the generator also produces valid URIs").isGreaterThan(ROUNDS / 20);
    }

    private String seedUri() {
        String[] schemes = {"https", "http", "HTTPS", "Http", "javascript", "data", "file", "ftp", "cursor", "ws", ""};
        String[] hosts = {"app.example", "localhost", "127.0.0.1", "[::1]", "127.0.0.2", "0.0.0.0", "evil.example",
            "localhost.evil.example", "2130706433", "0x7f000001", "[0:0:0:0:0:0:0:1]", "a_b.example", "xn--bcher-kva.example",
            "192.168.1.1", "[2001:db8::1]", "LOCALHOST", "localhost."};
        String[] paths = {"", "/", "/cb", "/oauth/callback", "/a/../b", "/%2F", "/%00", "/%41", "/c%20b", "/?x=1", "/cb?a=b&c=d"};
        String port = random.nextInt(3) == 0 ? ":" + random.nextInt(70_000) : "";
        return pick(schemes) + "://" + pick(hosts) + port + pick(paths);
    }

    private String mutate(String uri) {
        StringBuilder text = new StringBuilder(uri);
        int edits = random.nextInt(4);
        String[] inserts = {"#", "*", "@", "\\", " ", "\t", "\r\n", "%", "%0a", ":", "//", "user@", "?", "é", "\u0000",
            "..", "[", "]", "%23", "%2F", "0"};
        for (int e = 0; e < edits && text.length() > 0; e++) {
            int at = random.nextInt(text.length() + 1);
            switch (random.nextInt(3)) {
                case 0 -> text.insert(at, pick(inserts));
                case 1 -> text.deleteCharAt(Math.min(at, text.length() - 1));
                default -> text.setCharAt(Math.min(at, text.length() - 1), (char) (0x20 + random.nextInt(95)));
            }
        }
        return text.toString();
    }

    private String pick(String[] choices) {
        return choices[random.nextInt(choices.length)];
    }
}
