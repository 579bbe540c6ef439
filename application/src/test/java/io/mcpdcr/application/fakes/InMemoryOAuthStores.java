package io.mcpdcr.application.fakes;

import io.mcpdcr.application.port.AuthorizationCodeStore;
import io.mcpdcr.application.port.ConsentInteractionStore;
import io.mcpdcr.application.port.ConsentStore;
import io.mcpdcr.application.port.ResourceServerRegistry;
import io.mcpdcr.application.port.SessionStore;
import io.mcpdcr.application.port.TokenStore;
import io.mcpdcr.application.port.UserAccounts;
import io.mcpdcr.application.port.UserDirectory;
import io.mcpdcr.domain.authorization.AuthorizationCode;
import io.mcpdcr.domain.authorization.PendingConsent;
import io.mcpdcr.domain.authorization.ScopeSet;
import io.mcpdcr.domain.authorization.UserSession;
import io.mcpdcr.domain.registration.ClientId;
import io.mcpdcr.domain.token.AccessToken;
import io.mcpdcr.domain.token.OpaqueToken;
import io.mcpdcr.domain.token.RefreshToken;
import io.mcpdcr.domain.token.ResourceServer;
import io.mcpdcr.domain.token.TokenGrant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every OAuth flow port in memory, for tests and for hosts that embed the use cases without a database. Atomic
 * where the ports promise it (code redemption, refresh rotation).
 */
public final class InMemoryOAuthStores
        implements UserDirectory, SessionStore, AuthorizationCodeStore, TokenStore, ConsentStore, ConsentInteractionStore,
                ResourceServerRegistry, UserAccounts {
    private final Map<String, String> passwords = new ConcurrentHashMap<>();
    private final java.util.Set<String> admins = ConcurrentHashMap.newKeySet();
    private final Map<String, UserSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, AuthorizationCode> codes = new ConcurrentHashMap<>();
    private final Map<String, Boolean> redeemed = new ConcurrentHashMap<>();
    private final Map<String, Boolean> replayed = new ConcurrentHashMap<>();
    private final Map<String, AccessToken> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, RefreshToken> refreshTokens = new ConcurrentHashMap<>();
    private final Map<String, Boolean> rotated = new ConcurrentHashMap<>();
    private final Map<String, Remembered> consents = new ConcurrentHashMap<>();
    private final Map<String, Instant> consentTimes = new ConcurrentHashMap<>();
    private final Map<String, PendingConsent> pendingConsents = new ConcurrentHashMap<>();
    private final Map<String, ResourceServer> resourceServers = new ConcurrentHashMap<>();
    private final Map<String, String> resourceServerSecrets = new ConcurrentHashMap<>();

    public void addUser(String username, String password) {
        passwords.put(username, password);
    }

    public void addAdmin(String username, String password) {
        addUser(username, password);
        admins.add(username);
    }

    @Override
    public boolean isAdmin(String username) {
        return admins.contains(username);
    }

    @Override
    public boolean add(String username, char[] password, boolean admin) {
        if (passwords.putIfAbsent(username, new String(password)) != null) {
            return false;
        }
        if (admin) {
            admins.add(username);
        }
        return true;
    }

    @Override
    public List<Account> list() {
        return passwords.keySet().stream().sorted().map(name -> new Account(name, admins.contains(name))).toList();
    }

    @Override
    public boolean changePassword(String username, char[] password, boolean revokeGrants) {
        if (passwords.replace(username, new String(password)) == null) {
            return false;
        }
        sessions.values().removeIf(session -> session.username().equals(username));
        if (revokeGrants) {
            forgetUser(username);
        }
        return true;
    }

    @Override
    public boolean revokeGrants(String username) {
        if (!passwords.containsKey(username)) {
            return false;
        }
        forgetUser(username);
        return true;
    }

    @Override
    public boolean remove(String username) {
        if (passwords.remove(username) == null) {
            return false;
        }
        admins.remove(username);
        sessions.values().removeIf(session -> session.username().equals(username));
        forgetUser(username);
        return true;
    }

    /** Deletes the user's codes, tokens and remembered consents. */
    private void forgetUser(String username) {
        codes.values().removeIf(code -> code.username().equals(username));
        accessTokens.values().removeIf(token -> token.grant().username().equals(username));
        refreshTokens.values().removeIf(token -> token.grant().username().equals(username));
        consents.keySet().removeIf(key -> key.split("\n", -1)[0].equals(username));
    }

    public void addResourceServer(ResourceServer server, String secret) {
        resourceServers.put(server.id(), server);
        resourceServerSecrets.put(server.id(), OpaqueToken.hash(secret));
    }

    public int accessTokenCount() {
        return accessTokens.size();
    }

    /** The client's access tokens, expired or not. */
    public int accessTokenCount(ClientId client) {
        return (int) accessTokens.values().stream().filter(token -> token.grant().clientId().equals(client)).count();
    }

    /** Whether the client holds a refresh token that is neither rotated nor expired at {@code now}. */
    public boolean hasLiveRefreshToken(ClientId client, Instant now) {
        return refreshTokens.values().stream().anyMatch(token -> token.grant().clientId().equals(client)
                && !rotated.containsKey(token.hash()) && token.isActiveAt(now));
    }

    /** Deletes the client's codes and tokens, and with {@code consentsToo} its remembered consents. */
    public void forgetClient(ClientId client, boolean consentsToo) {
        codes.values().removeIf(code -> code.request().clientId().equals(client));
        accessTokens.values().removeIf(token -> token.grant().clientId().equals(client));
        refreshTokens.values().removeIf(token -> token.grant().clientId().equals(client));
        if (consentsToo) {
            consents.keySet().removeIf(key -> key.split("\n", -1)[1].equals(client.value()));
        }
    }

    @Override
    public Optional<String> authenticate(String username, char[] password) {
        String expected = passwords.get(username);
        return expected != null && expected.equals(new String(password)) ? Optional.of(username) : Optional.empty();
    }

    @Override
    public void create(UserSession session) {
        sessions.put(session.idHash(), session);
    }

    @Override
    public Optional<UserSession> find(String idHash) {
        return Optional.ofNullable(sessions.get(idHash));
    }

    @Override
    public void delete(String idHash) {
        sessions.remove(idHash);
    }

    @Override
    public void open(PendingConsent pending) {
        var ofSession = pendingConsents.values().stream()
                .filter(open -> open.sessionHash().equals(pending.sessionHash()))
                .sorted(Comparator.comparing(PendingConsent::expiresAt).reversed())
                .toList();
        ofSession.stream().skip(PendingConsent.MAX_PER_SESSION - 1).forEach(old -> pendingConsents.remove(old.idHash()));
        pendingConsents.put(pending.idHash(), pending);
    }

    @Override
    public boolean close(String idHash, String sessionHash, String requestHash, Instant now) {
        PendingConsent pending = pendingConsents.get(idHash);
        return pending != null && pending.sessionHash().equals(sessionHash) && pending.requestHash().equals(requestHash)
                && now.isBefore(pending.expiresAt()) && pendingConsents.remove(idHash, pending);
    }

    @Override
    public void save(AuthorizationCode code) {
        codes.put(code.hash(), code);
    }

    @Override
    public Redemption redeem(String hash) {
        AuthorizationCode code = codes.get(hash);
        if (code == null) {
            return new AuthorizationCodeStore.Unknown();
        }
        if (redeemed.putIfAbsent(hash, true) == null) {
            return new FirstUse(code);
        }
        replayed.put(hash, true);
        return new Replayed(code);
    }

    @Override
    public boolean wasReplayed(String hash) {
        return replayed.containsKey(hash);
    }

    @Override
    public void issue(AccessToken access, Optional<RefreshToken> refresh) {
        accessTokens.put(access.hash(), access);
        refresh.ifPresent(token -> refreshTokens.put(token.hash(), token));
    }

    @Override
    public Optional<AccessToken> findAccess(String hash) {
        return Optional.ofNullable(accessTokens.get(hash));
    }

    @Override
    public Optional<RefreshToken> findRefresh(String hash) {
        return Optional.ofNullable(refreshTokens.get(hash));
    }

    @Override
    public RefreshUse useRefresh(String hash) {
        RefreshToken token = refreshTokens.get(hash);
        if (token == null) {
            return new TokenStore.Unknown();
        }
        return rotated.putIfAbsent(hash, true) == null ? new Fresh(token) : new Reused(token);
    }

    @Override
    public void revokeFamily(String familyId) {
        accessTokens.values().removeIf(token -> token.familyId().equals(familyId));
        refreshTokens.values().removeIf(token -> token.familyId().equals(familyId));
    }

    @Override
    public Optional<Remembered> granted(String username, ClientId clientId, Optional<String> resource) {
        return Optional.ofNullable(consents.get(consentKey(username, clientId, resource)));
    }

    @Override
    public void remember(String username, ClientId clientId, Optional<String> resource, ScopeSet scopes,
            String redirectUri) {
        consents.put(consentKey(username, clientId, resource), new Remembered(scopes, redirectUri));
        consentTimes.put(consentKey(username, clientId, resource), Instant.now());
    }

    /** The user's remembered consents and tokens not expired at {@code now}, for {@link InMemoryAllowedApplications}. */
    List<Held> heldBy(String username, Instant now) {
        List<Held> held = new ArrayList<>();
        consents.forEach((key, consent) -> {
            String[] parts = key.split("\n", -1);
            if (parts[0].equals(username)) {
                held.add(new Held(new ClientId(parts[1]), consent.scopes(), consentTimes.get(key), false));
            }
        });
        accessTokens.values().forEach(token ->
                holdToken(held, username, now, token.grant(), token.issuedAt(), token.expiresAt()));
        refreshTokens.values().forEach(token ->
                holdToken(held, username, now, token.grant(), token.issuedAt(), token.expiresAt()));
        return held;
    }

    private static void holdToken(List<Held> held, String username, Instant now, TokenGrant grant, Instant issuedAt,
            Instant expiresAt) {
        if (grant.username().equals(username) && expiresAt.isAfter(now)) {
            held.add(new Held(grant.clientId(), grant.scopes(), issuedAt, true));
        }
    }

    /** Deletes the user's codes, tokens and consents for the client; false when there were none. */
    boolean forget(String username, ClientId client) {
        boolean codesGone = codes.values().removeIf(code -> code.username().equals(username)
                && code.request().clientId().equals(client));
        boolean accessGone = accessTokens.values().removeIf(token -> isOf(token.grant(), username, client));
        boolean refreshGone = refreshTokens.values().removeIf(token -> isOf(token.grant(), username, client));
        boolean consentsGone = consents.keySet().removeIf(key -> key.startsWith(username + "\n" + client.value() + "\n"));
        return codesGone | accessGone | refreshGone | consentsGone;
    }

    private static boolean isOf(TokenGrant grant, String username, ClientId client) {
        return grant.username().equals(username) && grant.clientId().equals(client);
    }

    /** A consent or a token the user holds for a client, issued or given at {@code since}. */
    record Held(ClientId clientId, ScopeSet scopes, Instant since, boolean token) {}

    @Override
    public Optional<ResourceServer> authenticate(String id, String secret) {
        String hash = resourceServerSecrets.get(id);
        return hash != null && hash.equals(OpaqueToken.hash(secret))
                ? Optional.of(resourceServers.get(id))
                : Optional.empty();
    }

    private static String consentKey(String username, ClientId clientId, Optional<String> resource) {
        return username + "\n" + clientId.value() + "\n" + resource.orElse("");
    }
}
