package io.mcpdcr.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.domain.pkce.Pkce;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sign-in with GitHub-style OAuth 2 (no ID token) against a local server that speaks GitHub's documented endpoints
 * (GitHub itself is not reachable from here), with the local form offered beside it and organisation membership
 * required.
 */
class GitHubSignInTest {
    private static final Pattern START = Pattern.compile("href=\"(/o/login/github/start[^\"]*)\"");

    @TempDir
    Path dataDir;
    private GitHubLikeServer github;
    private Wiring wiring;
    private String base;
    private Map<String, String> env;
    private String authorize;

    @BeforeEach
    void start() throws Exception {
        github = new GitHubLikeServer();
        int port = FreePort.pick();
        base = "http://127.0.0.1:" + port;
        env = new HashMap<>(Map.of("DCR_DATA_DIR", dataDir.toString(), "DCR_PORT", Integer.toString(port),
                "DCR_ISSUER", base, "DCR_LOGIN", "github,local", "DCR_GITHUB_URL", github.url,
                "DCR_GITHUB_CLIENT_ID", GitHubLikeServer.CLIENT_ID,
                "DCR_GITHUB_CLIENT_SECRET", GitHubLikeServer.CLIENT_SECRET, "DCR_GITHUB_ORGS", "acme,acme-labs",
                "DCR_LOGIN_ADMINS", "octocat"));
        wiring = Wiring.build(Settings.from(env));
        wiring.start("127.0.0.1", port);
        HttpResponse<String> registered = new Browser(base).postJson("/o/register/", "{\"client_name\":\"Inspector\","
                + "\"redirect_uris\":[\"http://127.0.0.1/callback\"],\"token_endpoint_auth_method\":\"none\"}");
        String clientId = registered.body().replaceAll(".*\"client_id\":\"([^\"]+)\".*", "$1");
        authorize = "/o/authorize/?response_type=code&client_id=" + clientId + "&redirect_uri="
                + Browser.enc("http://127.0.0.1:48123/callback") + "&code_challenge="
                + Pkce.s256("a-verifier-of-the-mcp-client-long-enough-for-pkce-rules-0123456789")
                + "&code_challenge_method=S256";
    }

    @AfterEach
    void stop() {
        wiring.close();
        github.close();
    }

    @Test
    void aMemberOfAnAllowedOrganisationSignsInAndReachesOurConsentPage() throws Exception {
        github.signedIn.set(new GitHubLikeServer.Account(583231, "octocat", "The Octocat", "octocat@github.example",
                true, List.of("ACME")));
        Browser browser = new Browser(base);
        HttpResponse<String> loginPage = browser.get(authorize);
        assertThat(loginPage.body()).contains("Sign in with GitHub").contains("type=\"password\"");

        HttpResponse<String> back = signIn(browser, loginPage);
        assertThat(back.statusCode()).isEqualTo(303);
        HttpResponse<String> consent = browser.get(back.headers().firstValue("Location").orElseThrow());
        assertThat(consent.statusCode()).isEqualTo(200);
        assertThat(consent.body()).contains("Allow access?").contains("The Octocat (octocat@github.example)");
        assertThat(DatabaseRows.number(env, "SELECT COUNT(*) FROM user_account WHERE username = 'github:583231'"
                + " AND source = 'github' AND is_admin = TRUE")).as("keyed by the numeric id, admin by login")
                .isEqualTo(1);

        github.signedIn.set(new GitHubLikeServer.Account(583231, "octocat-renamed", "Mona", "mona@github.example",
                true, List.of("acme-labs")));
        Browser again = new Browser(base);
        assertThat(signIn(again, again.get(authorize)).statusCode()).isEqualTo(303);
        assertThat(DatabaseRows.number(env, "SELECT COUNT(*) FROM external_identity WHERE username = 'github:583231'"
                + " AND provider_username = 'octocat-renamed' AND email = 'mona@github.example'"))
                .as("the same account, its name brought up to date").isEqualTo(1);
        assertThat(DatabaseRows.number(env, "SELECT COUNT(*) FROM user_account WHERE username = 'github:583231'"
                + " AND is_admin = FALSE")).as("DCR_LOGIN_ADMINS names the old login only").isEqualTo(1);
    }

    @Test
    void someoneOutsideTheOrganisationsIsRefusedAndAudited() throws Exception {
        github.signedIn.set(new GitHubLikeServer.Account(9, "stranger", "Stranger", "stranger@example.org", true,
                List.of("other-org")));
        Browser browser = new Browser(base);
        HttpResponse<String> refused = signIn(browser, browser.get(authorize));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("not a member of an organisation this service admits");
        assertThat(DatabaseRows.number(env, "SELECT COUNT(*) FROM audit_event WHERE action = 'UPSTREAM_LOGIN'"
                + " AND outcome = 'refused' AND error_code = 'organisation_missing'")).isEqualTo(1);
        assertThat(DatabaseRows.number(env, "SELECT COUNT(*) FROM user_account WHERE source = 'github'")).isZero();
    }

    private HttpResponse<String> signIn(Browser browser, HttpResponse<String> loginPage) throws Exception {
        Matcher start = START.matcher(loginPage.body());
        assertThat(start.find()).isTrue();
        HttpResponse<String> toGitHub = browser.get(start.group(1).replace("&amp;", "&").replace("&#61;", "="));
        assertThat(toGitHub.statusCode()).isEqualTo(303);
        URI authorizeAtGitHub = URI.create(toGitHub.headers().firstValue("Location").orElseThrow());
        assertThat(authorizeAtGitHub.toString()).startsWith(github.url + "/login/oauth/authorize?")
                .contains("scope=read%3Auser+user%3Aemail+read%3Aorg");
        HttpResponse<String> back = browser.get(authorizeAtGitHub.toString());
        assertThat(back.statusCode()).isEqualTo(302);
        return browser.get(back.headers().firstValue("Location").orElseThrow());
    }
}
