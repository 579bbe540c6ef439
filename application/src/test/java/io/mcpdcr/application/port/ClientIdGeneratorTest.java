package io.mcpdcr.application.port;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.domain.registration.ClientId;
import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ClientIdGeneratorTest {
    private static final int DRAWS = 10_000;

    private final ClientIdGenerator generator = ClientIdGenerator.secureRandom();
    private final List<String> ids = IntStream.range(0, DRAWS)
            .mapToObj(i -> generator.next())
            .map(ClientId::value)
            .toList();

    @Test
    void idsCarryAtLeast128RandomBits() {
        // RFC 6749 §10.10 / RFC 9700 §4.1: identifiers must not be guessable.
        assertThat(ids).allSatisfy(id -> assertThat(Base64.getUrlDecoder().decode(id)).hasSizeGreaterThanOrEqualTo(16));
    }

    @Test
    void idsAreUrlSafe() {
        // RFC 4648 §5 alphabet, no padding: the id goes into query strings unescaped.
        assertThat(ids).allSatisfy(id -> assertThat(id).matches("[A-Za-z0-9_-]+"));
    }

    @Test
    void idsNeverStartLikeACommandLineOption() {
        // About 3% of base64url strings start with "-" or "_"; 10,000 draws would show one.
        assertThat(ids).allSatisfy(id -> assertThat(id).matches("[A-Za-z0-9].*"));
    }

    @Test
    void idsAreUnique() {
        assertThat(ids).doesNotHaveDuplicates();
    }
}
