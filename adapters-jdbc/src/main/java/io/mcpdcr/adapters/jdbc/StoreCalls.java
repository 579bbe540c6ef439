package io.mcpdcr.adapters.jdbc;

import io.mcpdcr.application.port.StoreUnavailableException;
import java.sql.SQLException;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * One store's way into the database: every database failure becomes a {@link StoreUnavailableException} that names
 * the store and nothing else (no SQL, no bound value), so the application can answer 503 without leaking data.
 */
final class StoreCalls {
    private final Jdbi jdbi;
    private final String unavailable;

    /** @param store what the store is, as the failure message names it: "token store" gives "token store unavailable" */
    StoreCalls(Jdbi jdbi, String store) {
        this.jdbi = jdbi;
        this.unavailable = store + " unavailable";
    }

    <R> R withHandle(HandleCallback<R, SQLException> callback) {
        return translated(() -> jdbi.withHandle(callback));
    }

    <R> R inTransaction(HandleCallback<R, SQLException> callback) {
        return translated(() -> jdbi.inTransaction(callback));
    }

    void useHandle(HandleConsumer<SQLException> consumer) {
        withHandle(consumer.asCallback());
    }

    void useTransaction(HandleConsumer<SQLException> consumer) {
        inTransaction(consumer.asCallback());
    }

    private <R> R translated(Call<R> call) {
        try {
            return call.run();
        } catch (JdbiException | SQLException e) {
            throw new StoreUnavailableException(unavailable, e);
        }
    }

    @FunctionalInterface
    private interface Call<R> {
        R run() throws SQLException;
    }
}
