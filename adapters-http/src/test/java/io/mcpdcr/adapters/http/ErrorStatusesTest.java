package io.mcpdcr.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.domain.oauth.OAuthErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ErrorStatusesTest {
    @Test
    void theTokenFamilyAnswersInvalidClientWith401() {
        // RFC 6749 §5.2: the client failed to authenticate, so it is challenged
        assertThat(ErrorStatuses.token(OAuthErrorCode.INVALID_CLIENT)).isEqualTo(401);
    }

    @ParameterizedTest
    @EnumSource(value = OAuthErrorCode.class, names = "INVALID_CLIENT", mode = EnumSource.Mode.EXCLUDE)
    void theTokenFamilyAnswersEveryOtherErrorWith400(OAuthErrorCode code) {
        assertThat(ErrorStatuses.token(code)).isEqualTo(400);
    }

    @ParameterizedTest
    @EnumSource(value = OAuthErrorCode.class, names = {"INVALID_REDIRECT_URI", "INVALID_CLIENT_METADATA"})
    void registrationErrorsAre400(OAuthErrorCode code) {
        // RFC 7591 §3.2.2
        assertThat(ErrorStatuses.registration(code)).isEqualTo(400);
    }

    @ParameterizedTest
    @EnumSource(value = OAuthErrorCode.class, names = {"INVALID_REQUEST", "UNSUPPORTED_RESPONSE_TYPE", "INVALID_SCOPE",
        "INVALID_TARGET", "ACCESS_DENIED", "UNAUTHORIZED_CLIENT"})
    void authorizationErrorsShownToTheUserAre400(OAuthErrorCode code) {
        assertThat(ErrorStatuses.authorization(code)).isEqualTo(400);
    }

    @Test
    void pageErrorsHaveTheStatusABrowserAndAProxyReadCorrectly() {
        assertThat(ErrorStatuses.page(PageError.INVALID_REQUEST)).isEqualTo(400);
        assertThat(ErrorStatuses.page(PageError.NOTHING_TO_REVOKE)).isEqualTo(400);
        assertThat(ErrorStatuses.page(PageError.SESSION_EXPIRED)).isEqualTo(401);
        assertThat(ErrorStatuses.page(PageError.FORM_EXPIRED)).isEqualTo(403);
        assertThat(ErrorStatuses.page(PageError.NOT_ALLOWED)).isEqualTo(403);
        assertThat(ErrorStatuses.page(PageError.NOT_FOUND)).isEqualTo(404);
        assertThat(ErrorStatuses.page(PageError.SERVER_FAILURE)).isEqualTo(500);
        assertThat(ErrorStatuses.page(PageError.UNAVAILABLE)).isEqualTo(503);
    }

    @Test
    void pagesShowTheCodeOfTheErrorsThatHaveOne() {
        assertThat(PageError.INVALID_REQUEST.code()).isEqualTo("invalid_request");
        assertThat(PageError.UNAVAILABLE.code()).isEqualTo("temporarily_unavailable");
        assertThat(PageError.SERVER_FAILURE.code()).isEqualTo("server_error");
        assertThat(PageError.FORM_EXPIRED.code()).isNull();
    }
}
