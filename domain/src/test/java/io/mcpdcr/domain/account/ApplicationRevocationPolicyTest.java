package io.mcpdcr.domain.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.domain.registration.ClientId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApplicationRevocationPolicyTest {
    @Test
    void aFormNamingOneApplicationRevokesIt() {
        assertThat(ApplicationRevocationPolicy.check(Map.of("client_id", List.of("abc"), "csrf_token", List.of("t"))))
                .isEqualTo(new RevocationCheck.Revoke(new ClientId("abc")));
    }

    @Test
    void aFormNamingNoneOrSeveralOrABlankOverlongOrControlCharacterOneIsInvalid() {
        assertThat(ApplicationRevocationPolicy.check(Map.of())).isInstanceOf(RevocationCheck.Invalid.class);
        assertThat(ApplicationRevocationPolicy.check(Map.of("client_id", List.of("a", "b"))))
                .isEqualTo(new RevocationCheck.Invalid("The form names more than one application"));
        assertThat(ApplicationRevocationPolicy.check(Map.of("client_id", List.of(" "))))
                .isInstanceOf(RevocationCheck.Invalid.class);
        assertThat(ApplicationRevocationPolicy.check(Map.of("client_id", List.of("x".repeat(2001)))))
                .isInstanceOf(RevocationCheck.Invalid.class);
        assertThat(ApplicationRevocationPolicy.check(Map.of("client_id", List.of("abc\u0000"))))
                .isEqualTo(new RevocationCheck.Invalid("The form names no known application"));
        assertThat(ApplicationRevocationPolicy.check(Map.of("client_id", List.of("https://app.example/é"))))
                .isInstanceOf(RevocationCheck.Invalid.class);
    }
}
