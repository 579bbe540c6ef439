package io.mcpdcr.domain.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.domain.registration.ClientMetadata;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MetadataFingerprintTest {
    private static final List<String> REDIRECTS = List.of("https://app.example/cb", "http://127.0.0.1/cb");
    private static final List<String> GRANTS = List.of("authorization_code", "refresh_token");

    private static ClientMetadata metadata(String name, List<String> redirectUris, List<String> grants,
            Optional<String> scope, Optional<String> softwareId, Optional<String> softwareVersion,
            Optional<String> logoUri, List<String> contacts) {
        return new ClientMetadata(name, redirectUris, grants, List.of("code"), "none", scope, Optional.empty(),
                logoUri, Optional.empty(), Optional.empty(), contacts, softwareId, softwareVersion, Optional.empty());
    }

    private static ClientMetadata base() {
        return metadata("Acme Agent", REDIRECTS, GRANTS, Optional.of("mcp"), Optional.of("acme-agent"),
                Optional.of("1.2.0"), Optional.empty(), List.of());
    }

    @Test
    void identicalMetadataHasTheSameFingerprint() {
        // two separately built but equal registrations: what a client re-registering in a loop sends
        assertThat(MetadataFingerprint.of(base())).isEqualTo(MetadataFingerprint.of(base()));
    }

    @Test
    void isShortAndUrlSafe() {
        assertThat(MetadataFingerprint.of(base())).hasSize(16).matches("[A-Za-z0-9_-]+");
    }

    static Stream<Arguments> changes() {
        return Stream.<Arguments>of(
                Arguments.of("one redirect URI", (UnaryOperator<ClientMetadata>) m -> metadata(m.clientName(),
                        List.of("https://app.example/cb2", "http://127.0.0.1/cb"), m.grantTypes(), m.scope(),
                        m.softwareId(), m.softwareVersion(), m.logoUri(), m.contacts())),
                Arguments.of("a redirect URI more", (UnaryOperator<ClientMetadata>) m -> metadata(m.clientName(),
                        List.of("https://app.example/cb", "http://127.0.0.1/cb", "https://app.example/other"),
                        m.grantTypes(), m.scope(), m.softwareId(), m.softwareVersion(), m.logoUri(), m.contacts())),
                Arguments.of("the name", (UnaryOperator<ClientMetadata>) m -> metadata("Acme Agent 2",
                        m.redirectUris(), m.grantTypes(), m.scope(), m.softwareId(), m.softwareVersion(), m.logoUri(),
                        m.contacts())),
                Arguments.of("the grants", (UnaryOperator<ClientMetadata>) m -> metadata(m.clientName(),
                        m.redirectUris(), List.of("authorization_code"), m.scope(), m.softwareId(),
                        m.softwareVersion(), m.logoUri(), m.contacts())),
                Arguments.of("the scope", (UnaryOperator<ClientMetadata>) m -> metadata(m.clientName(),
                        m.redirectUris(), m.grantTypes(), Optional.of("mcp profile"), m.softwareId(),
                        m.softwareVersion(), m.logoUri(), m.contacts())),
                Arguments.of("the software id", (UnaryOperator<ClientMetadata>) m -> metadata(m.clientName(),
                        m.redirectUris(), m.grantTypes(), m.scope(), Optional.of("other-agent"),
                        m.softwareVersion(), m.logoUri(), m.contacts())),
                Arguments.of("the software version", (UnaryOperator<ClientMetadata>) m -> metadata(m.clientName(),
                        m.redirectUris(), m.grantTypes(), m.scope(), m.softwareId(), Optional.of("1.3.0"),
                        m.logoUri(), m.contacts())));
    }

    @ParameterizedTest(name = "differs when {0} differs")
    @MethodSource("changes")
    void differsWhenWhatIdentifiesTheClientDiffers(String what, UnaryOperator<ClientMetadata> change) {
        assertThat(MetadataFingerprint.of(change.apply(base()))).isNotEqualTo(MetadataFingerprint.of(base()));
    }

    @Test
    void ignoresWhatDoesNotIdentifyTheClient() {
        var decorated = metadata("Acme Agent", REDIRECTS, GRANTS, Optional.of("mcp"), Optional.of("acme-agent"),
                Optional.of("1.2.0"), Optional.of("https://app.example/logo.png"), List.of("ops@app.example"));

        assertThat(MetadataFingerprint.of(decorated)).isEqualTo(MetadataFingerprint.of(base()));
    }

    @Test
    void fieldsDoNotRunIntoEachOther() {
        // "ab" + "c" must not read as "a" + "bc"
        var first = metadata("Acme", REDIRECTS, GRANTS, Optional.of("mcp"), Optional.of("x"), Optional.of("1"),
                Optional.empty(), List.of());
        var second = metadata("Acme", REDIRECTS, GRANTS, Optional.of("mcp"), Optional.of("x1"), Optional.empty(),
                Optional.empty(), List.of());

        assertThat(MetadataFingerprint.of(first)).isNotEqualTo(MetadataFingerprint.of(second));
    }
}
