package io.mcpdcr.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.application.port.Throttle;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Behind an https issuer the cookies are Secure, and __Host- prefixed so no subdomain can plant them. */
class SecureCookiesHttpTest {
    @Test
    void loginCookieIsSecureAndHostPrefixedForAnHttpsIssuer() {
        try (var server = new TestServer("https://auth.example.com", Throttle.unlimited(), Throttle.unlimited(),
                List.of(), null)) {
            String clientId = TestServer.json(server.register(
                    "{\"client_name\":\"x\",\"redirect_uris\":[\"https://app.example/cb\"]}")).path("client_id").asText();
            HttpResponse<String> loginPage = server.send(HttpRequest.newBuilder(server.uri(
                    "/o/authorize/?response_type=code&client_id=" + clientId
                            + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256"))
                    .GET());

            assertThat(loginPage.statusCode()).isEqualTo(200);
            assertThat(loginPage.headers().allValues("Set-Cookie")).singleElement().satisfies(cookie -> assertThat(cookie)
                    .startsWith("__Host-dcr_login_csrf=").contains("; Path=/").contains("; Secure")
                    .contains("; HttpOnly").contains("; SameSite=Lax").doesNotContain("Domain="));
        }
    }
}
