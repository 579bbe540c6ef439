package io.mcpdcr.domain.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ClientIdTest {
    private final Random random = new Random(7033);

    @Test
    void aRandomIdIs192BitsOfBase64url() {
        assertThat(ClientId.random(random).value()).matches("[A-Za-z0-9][A-Za-z0-9_-]{31}");
    }

    @Test
    void aTimeOrderedIdIsTheTimeInHexThenARandomId() {
        String id = ClientId.timeOrdered(0x018f_2a3b_4c5dL, random).value();

        assertThat(id).hasSize(44).startsWith("018f2a3b4c5d");
        assertThat(id.substring(12)).matches("[A-Za-z0-9][A-Za-z0-9_-]{31}");
    }

    @Test
    void aLaterTimeOrderedIdSortsAfterAnEarlierOneWhateverItsRandomPart() {
        for (int i = 0; i < 10_000; i++) {
            long millis = 1_700_000_000_000L + random.nextInt(1_000_000_000);
            String earlier = ClientId.timeOrdered(millis, random).value();
            String later = ClientId.timeOrdered(millis + 1 + random.nextInt(1000), random).value();
            assertThat(later).isGreaterThan(earlier);
        }
    }

    @Test
    void anIdMustNotBeBlank() {
        assertThatThrownBy(() -> new ClientId(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
