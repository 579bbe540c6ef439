package io.mcpdcr.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** What the browser tests share: Debian's headless Chromium, and the application page a redirect URI leads to. */
final class Chromium {
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private static final Duration PATIENCE = Duration.ofSeconds(15);

    private Chromium() {}

    /**
     * Waits for a navigation the last click started. An element read while the old page is going away is stale or gone:
     * that means "not there yet", not a failure.
     */
    static void await(BooleanSupplier arrived) throws InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (!arrivedYet(arrived)) {
            assertThat(Instant.now()).as("the browser arrived in time").isBefore(deadline);
            Thread.sleep(50);
        }
    }

    private static boolean arrivedYet(BooleanSupplier arrived) {
        try {
            return arrived.getAsBoolean();
        } catch (StaleElementReferenceException | NoSuchElementException e) {
            return false;
        }
    }

    /**
     * Chromium with the flags that work on this machine, in a fresh profile. Without it the test is skipped, unless
     * {@code DCR_BROWSER_REQUIRED=true} (as {@code .ci/run} sets): then it fails.
     */
    static WebDriver start(Path profileDir) {
        try {
            if (!new File(CHROMEDRIVER).canExecute() || !new File(CHROMIUM).canExecute()) {
                throw new IllegalStateException(CHROMIUM + " or " + CHROMEDRIVER + " is missing");
            }
            var service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(CHROMEDRIVER))
                    .usingAnyFreePort()
                    .build();
            var options = new ChromeOptions().setBinary(CHROMIUM).addArguments("--headless", "--no-sandbox",
                    "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--window-size=1280,1000",
                    "--user-data-dir=" + profileDir);
            return new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            if (Boolean.parseBoolean(System.getenv("DCR_BROWSER_REQUIRED"))) {
                throw new AssertionError("Chromium did not start, and DCR_BROWSER_REQUIRED=true", e);
            }
            Assumptions.abort("Chromium did not start (apt-get install chromium chromium-driver): " + e.getMessage());
            return null;
        }
    }

    /** The application's redirect URI, {@code http://127.0.0.1:<port>/callback}: a page that says the browser arrived. */
    static HttpServer applicationPage() throws IOException {
        HttpServer application = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        application.createContext("/callback", exchange -> {
            byte[] body = "<!doctype html><title>Application</title><h1>Back in the application</h1>"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        application.start();
        return application;
    }
}
