package io.mcpdcr.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.domain.monitoring.Finding;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The read-only admin page: only for signed-in admins, escaped, and with the dashboard's content. */
class AdminPageHttpTest {
    @Test
    void showsRegistrationsFindingsAndPruneCandidatesToAnAdmin() {
        try (var server = new TestServer()) {
            server.stores.addAdmin("root", "root password 123");
            server.register("{\"client_name\":\"<b>Claude</b>\",\"redirect_uris\":[\"https://evil.example/cb\"]}");
            server.monitoring.saveNew(List.of(new Finding(Finding.Kind.IMPERSONATION, "<b>Claude</b>",
                    "named like Claude but redirects to evil.example", TestServer.NOW)), TestServer.NOW);
            var browser = new Browser(server);

            HttpResponse<String> page = signInAsAdminPage(browser, "root", "root password 123");

            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body())
                    .contains("Registrations")
                    .contains("&lt;b&gt;Claude&lt;/b&gt;")
                    .doesNotContain("<b>Claude</b>")
                    .contains("evil.example")
                    .contains("impersonation")
                    .contains("Next prune would delete").contains("Nothing.") // registered just now: not yet abandoned
                    .contains("<svg class=\"chart\"");
            assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                    csp -> assertThat(csp).contains("frame-ancestors 'none'"));
        }
    }

    @Test
    void refusesUsersWithoutTheAdminRole() {
        try (var server = new TestServer()) {
            server.stores.addUser("alice", "alice password 1");

            assertThat(signInAsAdminPage(new Browser(server), "alice", "alice password 1").statusCode()).isEqualTo(403);
        }
    }

    @Test
    void sendsStrangersToTheSignInPage() {
        try (var server = new TestServer()) {
            HttpResponse<String> answer = new Browser(server).get(AdminRoutes.ADMIN);

            assertThat(answer.statusCode()).isEqualTo(303);
            assertThat(answer.headers().firstValue("Location")).contains("/o/login?next=admin");
        }
    }

    private static HttpResponse<String> signInAsAdminPage(Browser browser, String username, String password) {
        HttpResponse<String> loginPage = browser.follow(browser.get(AdminRoutes.ADMIN));
        assertThat(loginPage.statusCode()).isEqualTo(200);
        HttpResponse<String> loggedIn = browser.post(AuthorizationRoutes.LOGIN,
                browser.loginForm(loginPage, username, password).add("next", "admin"));
        assertThat(loggedIn.headers().firstValue("Location")).contains(AdminRoutes.ADMIN);
        return browser.follow(loggedIn);
    }
}
