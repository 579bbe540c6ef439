package io.mcpdcr.adapters.jdbc;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.SecureString;
import com.password4j.types.Argon2;
import io.mcpdcr.application.port.ExternalAccounts;
import io.mcpdcr.application.port.StoreUnavailableException;
import io.mcpdcr.application.port.UserAccounts;
import io.mcpdcr.application.port.UserDirectory;
import io.mcpdcr.domain.identity.ExternalIdentity;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Local user accounts in {@code user_account}, with Argon2id password hashes (PHC strings), and the admin operations
 * on them; and the accounts of people who sign in through an upstream provider ({@code source} oidc or github, no
 * password, their identity in {@code external_identity}). Usernames are case-sensitive. Stores what it is given: the use case has applied the account policy.
 * Database failures surface as {@link StoreUnavailableException}.
 */
public final class JdbiUserStore implements UserDirectory, UserAccounts, ExternalAccounts {
    private static final String LOCAL = "local";
    // OWASP's Argon2id minimum: 19 MiB, 2 iterations, 1 lane. Explicit, so password4j needs no psw4j.properties.
    private static final int ARGON2_MEMORY_KIB = 19 * 1024;
    static final Argon2Function ARGON2 = Argon2Function.getInstance(ARGON2_MEMORY_KIB, 2, 1, 32, Argon2.ID);
    private static final int SALT_BYTES = 16;
    // A hash with ARGON2's parameters of a random password nobody knows: checking against it costs an unknown user
    // the same time as a wrong password.
    static final String UNKNOWN_USER_HASH =
            "$argon2id$v=19$m=19456,t=2,p=1$GL7LbpP082YA/igRgod89Q$UueaIMuALRQDwaynrEyPPrTSveYkf7HBm12qfQRHMVg";

    private static final String INSERT = """
            INSERT INTO user_account (username, password_hash, is_admin) VALUES (:username, :password_hash, :is_admin)
            ON CONFLICT DO NOTHING
            """;
    private static final String SELECT_IS_ADMIN = "SELECT is_admin FROM user_account WHERE username = :username";
    private static final String UPDATE_IS_ADMIN =
            "UPDATE user_account SET is_admin = :is_admin WHERE username = :username";
    private static final String SELECT_HASH =
            "SELECT username, password_hash FROM user_account WHERE username = :username AND source = 'local'";
    private static final String SELECT_ACCOUNTS = "SELECT username, is_admin, source FROM user_account";
    private static final String INSERT_EXTERNAL = """
            INSERT INTO user_account (username, password_hash, is_admin, source)
            VALUES (:username, '', :is_admin, :source) ON CONFLICT DO NOTHING
            """;
    private static final String INSERT_IDENTITY = """
            INSERT INTO external_identity (provider, subject, username, last_sign_in)
            VALUES (:provider, :subject, :username, :now) ON CONFLICT DO NOTHING
            """;
    private static final String UPDATE_IDENTITY = """
            UPDATE external_identity SET provider_username = :provider_username, email = :email,
                display_name = :display_name, last_sign_in = :now
            WHERE provider = :provider AND subject = :subject
            """;
    private static final String SELECT_DISPLAY_NAME =
            "SELECT display_name FROM external_identity WHERE username = :username";
    private static final String SELECT_EXISTS = "SELECT COUNT(*) FROM user_account WHERE username = :username";
    private static final String UPDATE_HASH = "UPDATE user_account SET password_hash = :password_hash"
            + " WHERE username = :username AND source = 'local'";
    // Sessions go with the account (ON DELETE CASCADE); codes, tokens and consents name the user without a foreign
    // key, so removing the user (or revoking after a password change) deletes them here, or refresh tokens would
    // live on.
    private static final List<String> DELETE_GRANTS = List.of(
            "DELETE FROM authorization_code WHERE username = :username",
            "DELETE FROM access_token WHERE username = :username",
            "DELETE FROM refresh_token WHERE username = :username",
            "DELETE FROM consent WHERE username = :username");
    private static final String DELETE_ACCOUNT = "DELETE FROM user_account WHERE username = :username";
    private static final String DELETE_SESSIONS = "DELETE FROM user_session WHERE username = :username";

    private final StoreCalls calls;

    public JdbiUserStore(Jdbi jdbi) {
        this.calls = new StoreCalls(jdbi, "user store");
    }

    /** The memory one password check allocates, so the host can bound how many run at once. */
    public static long verificationBytes() {
        return ARGON2_MEMORY_KIB * 1024L;
    }

    /** The stored username when the password is right. An unknown user costs one Argon2 check too. */
    @Override
    public Optional<String> authenticate(String username, char[] password) {
        Optional<StoredAccount> account = calls.withHandle(handle -> handle.createQuery(SELECT_HASH)
                .bind("username", username)
                .map((row, context) -> new StoredAccount(row.getString("username"), row.getString("password_hash")))
                .findOne());
        String hash = account.map(StoredAccount::passwordHash).orElse(UNKNOWN_USER_HASH);
        boolean matches = matches(password, hash);
        return account.filter(found -> matches).map(StoredAccount::username);
    }

    /** Adds a user, an administrator or not; false when the name is taken (the existing user is left as it was). */
    @Override
    public boolean add(String username, char[] password, boolean admin) {
        String hash = hash(password);
        return calls.withHandle(handle -> handle.createUpdate(INSERT)
                .bind("username", username)
                .bind("password_hash", hash)
                .bind("is_admin", admin)
                .execute()) == 1;
    }

    /** Whether the user exists and is an administrator. */
    @Override
    public boolean isAdmin(String username) {
        return calls.withHandle(handle -> handle.createQuery(SELECT_IS_ADMIN)
                .bind("username", username)
                .mapTo(Boolean.class)
                .findOne()
                .orElse(false));
    }

    /**
     * Makes an existing user an administrator or takes that away, for users added before there were administrators.
     * False when there is no such user.
     */
    public boolean setAdmin(String username, boolean admin) {
        return calls.withHandle(handle -> handle.createUpdate(UPDATE_IS_ADMIN)
                .bind("username", username)
                .bind("is_admin", admin)
                .execute()) == 1;
    }

    /** Every user, in Java's order of names rather than the database collation's, so both databases list alike. */
    @Override
    public List<Account> list() {
        return calls.withHandle(handle -> handle.createQuery(SELECT_ACCOUNTS)
                        .map((row, context) -> new Account(row.getString("username"), row.getBoolean("is_admin"),
                                row.getString("source")))
                        .list())
                .stream()
                .sorted(Comparator.comparing(Account::username))
                .toList();
    }

    /**
     * Creates the account of an upstream person on first sign-in and brings its name, email, display name and admin
     * role up to date at every one, in one transaction; concurrent first sign-ins both end with the one account.
     */
    @Override
    public void provision(ExternalIdentity identity, String accountName, boolean admin, Instant now) {
        calls.useTransaction(handle -> {
            handle.createUpdate(INSERT_EXTERNAL).bind("username", accountName).bind("is_admin", admin)
                    .bind("source", identity.provider()).execute();
            handle.createUpdate(UPDATE_IS_ADMIN).bind("username", accountName).bind("is_admin", admin).execute();
            handle.createUpdate(INSERT_IDENTITY)
                    .bind("provider", identity.provider())
                    .bind("subject", identity.subject())
                    .bind("username", accountName)
                    .bind("now", Columns.timestamp(now))
                    .execute();
            handle.createUpdate(UPDATE_IDENTITY)
                    .bind("provider", identity.provider())
                    .bind("subject", identity.subject())
                    .bind("provider_username", Columns.storableOrNull(identity.username(), 255))
                    .bind("email", Columns.storableOrNull(identity.email(), 320))
                    .bind("display_name", Columns.storable(identity.displayName(), 255))
                    .bind("now", Columns.timestamp(now))
                    .execute();
        });
    }

    /** An upstream person's name as the provider gave it at their last sign-in; empty for local users. */
    @Override
    public Optional<String> displayName(String username) {
        return calls.withHandle(handle -> handle.createQuery(SELECT_DISPLAY_NAME)
                .bind("username", username)
                .mapTo(String.class)
                .findOne());
    }

    /** Deletes the user's codes, tokens and consents in one transaction; false when there is no such user. */
    @Override
    public boolean revokeGrants(String username) {
        return calls.inTransaction(handle -> {
            if (handle.createQuery(SELECT_EXISTS).bind("username", username).mapTo(Integer.class).one() == 0) {
                return false;
            }
            deleteGrants(handle, username);
            return true;
        });
    }

    /** Removes the user with their sessions, codes, tokens and consents; false when there is no such user. */
    @Override
    public boolean remove(String username) {
        return calls.inTransaction(handle -> {
            deleteGrants(handle, username);
            return handle.createUpdate(DELETE_ACCOUNT).bind("username", username).execute() == 1;
        });
    }

    /**
     * Sets a new password and ends the user's sessions, since a changed password often answers a leaked one; with
     * {@code revokeGrants}, deletes their codes, tokens and consents in the same transaction. False when there is
     * no such user.
     */
    @Override
    public boolean changePassword(String username, char[] password, boolean revokeGrants) {
        String hash = hash(password);
        return calls.inTransaction(handle -> {
            int updated = handle.createUpdate(UPDATE_HASH)
                    .bind("username", username)
                    .bind("password_hash", hash)
                    .execute();
            if (updated == 0) {
                return false;
            }
            handle.createUpdate(DELETE_SESSIONS).bind("username", username).execute();
            if (revokeGrants) {
                deleteGrants(handle, username);
            }
            return true;
        });
    }

    private static void deleteGrants(Handle handle, String username) {
        for (String delete : DELETE_GRANTS) {
            handle.createUpdate(delete).bind("username", username).execute();
        }
    }

    /** A PHC string such as {@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}. */
    private static String hash(char[] password) {
        SecureString secret = new SecureString(password);
        try {
            return Password.hash(secret).addRandomSalt(SALT_BYTES).with(ARGON2).getResult();
        } finally {
            secret.clear();
        }
    }

    /** Checks with the parameters recorded in the hash, so hashes made with older parameters still verify. */
    private static boolean matches(char[] password, String hash) {
        SecureString secret = new SecureString(password);
        try {
            return Password.check(secret, hash).with(Argon2Function.getInstanceFromHash(hash));
        } finally {
            secret.clear();
        }
    }

    private record StoredAccount(String username, String passwordHash) {}
}
