package io.mcpdcr.adapters.http.outbound;

import io.mcpdcr.application.port.ClientMetadataDocuments;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Fetches client metadata documents with Jetty's HTTP client, defended against server-side request forgery: https
 * only, no redirects, and a resolver that refuses non-public addresses, so the addresses checked are the ones
 * connected to while TLS still verifies the host name. Time and size are capped, and so is concurrency: a host
 * has at most {@code maxPerHost} fetches under way, so slow hosts cannot hold every one of the {@code maxConcurrent}
 * slots and starve the others. A failure names its kind only (timeout, too large, not JSON, TLS, an HTTP status...),
 * never an address: the reason reaches anonymous users' error pages.
 */
public final class JettyClientMetadataDocuments implements ClientMetadataDocuments, AutoCloseable {
    public static final int MAX_BYTES = 5 * 1024;
    /** A JWK Set of a few RSA keys fits; key sets are fetched like documents, with their own media type. */
    public static final int MAX_KEY_SET_BYTES = 16 * 1024;
    private static final Body DOCUMENT = new Body(List.of("application/json"), MAX_BYTES);
    private static final Body KEY_SET = new Body(List.of("application/json", "application/jwk-set+json"),
            MAX_KEY_SET_BYTES);
    private static final Pattern MAX_AGE = Pattern.compile("(?:^|[,\\s])max-age\\s*=\\s*\"?(\\d{1,9})");

    private final HttpClient client;
    private final Duration timeout;
    private final Semaphore slots;
    private final int maxPerHost;
    // Fetches under way per host; a host is present only while it has one, so this holds at most maxConcurrent keys.
    private final Map<String, Integer> underWay = new ConcurrentHashMap<>();
    private boolean started;
    private boolean closed;

    /**
     * @param allowedHosts hosts fetched even when they resolve to non-public addresses (tests); usually empty
     * @param sslContext the trust to verify servers with; {@code null} for the JDK's default trust store
     */
    public JettyClientMetadataDocuments(Set<String> allowedHosts, Duration timeout, int maxConcurrent, int maxPerHost,
            SSLContext sslContext) {
        this(allowedHosts, timeout, maxConcurrent, maxPerHost, sslContext, InetAddress::getAllByName);
    }

    /** How a host name becomes addresses; tests stand in for DNS. */
    @FunctionalInterface
    interface Lookup {
        InetAddress[] all(String host) throws UnknownHostException;
    }

    JettyClientMetadataDocuments(Set<String> allowedHosts, Duration timeout, int maxConcurrent, int maxPerHost,
            SSLContext sslContext, Lookup lookup) {
        this.timeout = timeout;
        this.slots = new Semaphore(maxConcurrent);
        this.maxPerHost = maxPerHost;
        var tls = new SslContextFactory.Client();
        if (sslContext != null) {
            tls.setSslContext(sslContext);
        }
        client = new HttpClient();
        client.setSslContextFactory(tls);
        client.setFollowRedirects(false);
        client.setConnectTimeout(timeout.toMillis());
        client.setIdleTimeout(timeout.toMillis());
        Set<String> allowed = Set.copyOf(allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList());
        // Jetty calls the resolver on the thread that sends; resolving on the client's pool instead keeps a stalling
        // DNS server from holding the caller (and a concurrency slot) past the total timeout.
        client.setSocketAddressResolver((host, port, context, promise) -> {
            try {
                client.getExecutor().execute(() -> {
                    try {
                        List<InetAddress> addresses = Arrays.asList(lookup.all(host));
                        if (!allowed.contains(host.toLowerCase(Locale.ROOT))
                                && !addresses.stream().allMatch(PublicAddresses::isPublic)) {
                            promise.failed(new RefusedAddress());
                            return;
                        }
                        promise.succeeded(
                                addresses.stream().map(address -> new InetSocketAddress(address, port)).toList());
                    } catch (Throwable e) {
                        // Whatever happens, the promise is answered: an unanswered one holds its fetch slot until the
                        // timeout. The pool thread itself survives anything a job throws.
                        promise.failed(e);
                    }
                });
            } catch (RejectedExecutionException e) {
                promise.failed(e);
            }
        });
    }

    /** The production configuration: the JDK's trust, 5 s, 8 fetches at a time, 2 of them to one host. */
    public static JettyClientMetadataDocuments create(Set<String> allowedHosts) {
        return new JettyClientMetadataDocuments(allowedHosts, Duration.ofSeconds(5), 8, 2, null);
    }

    @Override
    public Fetch fetch(URI url) {
        return fetch(url, DOCUMENT);
    }

    @Override
    public Fetch fetchKeys(URI url) {
        return fetch(url, KEY_SET);
    }

    private Fetch fetch(URI url, Body expected) {
        if (!"https".equals(url.getScheme()) || url.getHost() == null || url.getRawUserInfo() != null
                || url.getRawFragment() != null) {
            return new Failed("only https URLs with a host and no userinfo or fragment are fetched");
        }
        String host = url.getHost().toLowerCase(Locale.ROOT);
        if (!enter(host)) {
            return new Failed("the document's host has too many fetches under way; try again shortly");
        }
        try {
            if (!slots.tryAcquire()) {
                return new Failed("too many concurrent document fetches; try again shortly");
            }
            try {
                return get(url, expected);
            } finally {
                slots.release();
            }
        } finally {
            leave(host);
        }
    }

    /** Takes one of the host's fetches, unless it has {@code maxPerHost} under way. */
    private boolean enter(String host) {
        boolean[] entered = {false};
        underWay.compute(host, (key, count) -> {
            int current = count == null ? 0 : count;
            if (current >= maxPerHost) {
                return count;
            }
            entered[0] = true;
            return current + 1;
        });
        return entered[0];
    }

    private void leave(String host) {
        underWay.computeIfPresent(host, (key, count) -> count == 1 ? null : count - 1);
    }

    /**
     * Starts the client on the first fetch: its TLS set-up and threads cost start-up time and memory that a server
     * seeing no URL client_ids never needs. False once closed.
     */
    private synchronized boolean running() {
        if (!started && !closed) {
            try {
                client.start();
            } catch (Exception e) {
                throw new IllegalStateException("the document client did not start", e);
            }
            started = true;
        }
        return !closed;
    }

    /** What a response must be: one of these media types, at most this many bytes. */
    private record Body(List<String> types, int maxBytes) {}

    private Fetch get(URI url, Body expected) {
        if (!running()) {
            return new Failed("the document client is closed");
        }
        var listener = new InputStreamResponseListener();
        client.newRequest(url).timeout(timeout.toMillis(), TimeUnit.MILLISECONDS).send(listener);
        try {
            Response response = listener.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (response.getStatus() >= 300 && response.getStatus() < 400) {
                return new Failed("the document URL redirects, and redirects are not followed");
            }
            if (response.getStatus() != 200) {
                return new Failed("the document URL answered HTTP " + response.getStatus());
            }
            String type = Optional.ofNullable(response.getHeaders().get(HttpHeader.CONTENT_TYPE)).orElse("");
            if (!expected.types().contains(type.toLowerCase(Locale.ROOT).split(";", -1)[0].trim())) {
                return new Failed("the document is not served as " + String.join(" or ", expected.types()));
            }
            if (response.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH) > expected.maxBytes()) {
                response.abort(new IOException("too large"));
                return tooLarge(expected);
            }
            byte[] body;
            try (InputStream in = listener.getInputStream()) {
                body = in.readNBytes(expected.maxBytes() + 1);
            }
            if (body.length > expected.maxBytes()) {
                response.abort(new IOException("too large"));
                return tooLarge(expected);
            }
            return new Fetched(body, maxAge(response.getHeaders().get(HttpHeader.CACHE_CONTROL)));
        } catch (java.util.concurrent.ExecutionException e) {
            return new Failed(kindOf(e.getCause()));
        } catch (java.util.concurrent.TimeoutException | IOException e) {
            return new Failed("the document could not be fetched in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Failed("the document fetch was interrupted");
        }
    }

    /** What went wrong, as a kind: the exception's own message may name addresses and hosts, so it is never shown. */
    private static String kindOf(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RefusedAddress) {
                return "the document host resolves to a non-public address";
            }
            if (cause instanceof UnknownHostException) {
                return "the document host name does not resolve";
            }
            if (cause instanceof javax.net.ssl.SSLException) {
                return "the document host's TLS certificate or handshake was refused";
            }
            if (cause instanceof java.util.concurrent.TimeoutException
                    || cause instanceof java.net.SocketTimeoutException) {
                return "the document could not be fetched in time";
            }
            if (cause instanceof java.net.ConnectException) {
                return "the document host refused the connection";
            }
        }
        return "the document could not be fetched";
    }

    private static Failed tooLarge(Body expected) {
        return new Failed("the document is larger than " + expected.maxBytes() + " bytes");
    }

    /** Cache-Control max-age, or zero for no-store / no-cache; the caller bounds it. */
    static Optional<Duration> maxAge(String cacheControl) {
        if (cacheControl == null) {
            return Optional.empty();
        }
        String lower = cacheControl.toLowerCase(Locale.ROOT);
        if (lower.contains("no-store") || lower.contains("no-cache")) {
            return Optional.of(Duration.ZERO);
        }
        Matcher matcher = MAX_AGE.matcher(lower);
        return matcher.find() ? Optional.of(Duration.ofSeconds(Long.parseLong(matcher.group(1)))) : Optional.empty();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (!started) {
            return;
        }
        try {
            client.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the document client did not stop", e);
        }
    }

    /** The resolver's refusal, told apart from other connection failures. */
    private static final class RefusedAddress extends IOException {
        RefusedAddress() {
            super("non-public address", null);
        }
    }
}
