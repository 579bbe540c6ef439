package io.mcpdcr.domain.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class UserAccountPolicyTest {
    private static final String USERNAME_RULE =
            "a username is 1 to 100 letters, digits and . _ @ -, starting with a letter or digit";

    @ParameterizedTest(name = "accepts username {0}")
    @ValueSource(strings = {"alice", "a", "7", "Alice.Smith", "alice_smith", "alice-smith", "alice@example.com", "0x"})
    void acceptsUsername(String username) {
        assertThat(UserAccountPolicy.usernameProblem(username)).isEmpty();
    }

    @Test
    void acceptsAHundredCharactersAndRefusesMore() {
        assertThat(UserAccountPolicy.usernameProblem("a".repeat(100))).isEmpty();
        assertThat(UserAccountPolicy.usernameProblem("a".repeat(101))).contains(USERNAME_RULE);
    }

    @ParameterizedTest(name = "refuses username \"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = {".alice", "-alice", "_alice", "@alice", "al ice", " alice", "alice ", "alice!", "alice/bob",
        "ålice", "alice\n", "alice\u0000", "al:ice"})
    void refusesUsername(String username) {
        assertThat(UserAccountPolicy.usernameProblem(username)).contains(USERNAME_RULE);
    }

    @ParameterizedTest(name = "a password of {0} characters is acceptable: {1}")
    @CsvSource(textBlock = """
        # NIST SP 800-63B §5.1.1.2: at least 8 characters; a generous maximum
        0,    false
        7,    false
        8,    true
        64,   true
        1024, true
        1025, false
        """)
    void passwordLength(int length, boolean acceptable) {
        var problem = UserAccountPolicy.passwordProblem("x".repeat(length).toCharArray());

        if (acceptable) {
            assertThat(problem).isEmpty();
        } else {
            assertThat(problem).contains("a password has 8 to 1024 characters");
        }
    }

    @Test
    void passwordCompositionIsNotJudged() {
        // NIST SP 800-63B: no composition rules; spaces and any Unicode are fine
        assertThat(UserAccountPolicy.passwordProblem("        ".toCharArray())).isEmpty();
        assertThat(UserAccountPolicy.passwordProblem("pässwörd".toCharArray())).isEmpty();
    }
}
