package io.mcpdcr.application.token;

import io.mcpdcr.domain.authorization.ScopeSet;
import java.time.Duration;
import java.util.Optional;

/** RFC 6749 §5.1: what the token endpoint hands the client. The secrets exist only here and in the response. */
public record TokenResponse(String accessToken, Duration expiresIn, Optional<String> refreshToken, ScopeSet scope) {}
