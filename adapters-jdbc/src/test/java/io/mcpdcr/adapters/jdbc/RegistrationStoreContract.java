package io.mcpdcr.adapters.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpdcr.application.port.StoreUnavailableException;
import io.mcpdcr.domain.monitoring.AuditEvent;
import io.mcpdcr.domain.monitoring.AuditEvent.AuditAction;
import io.mcpdcr.domain.monitoring.AuditEvent.AuditOutcome;
import io.mcpdcr.domain.registration.ClientRegistration;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What {@link JdbiRegistrationStore} must do, whatever the database. */
abstract class RegistrationStoreContract extends DatabaseContract {
    private static final Duration WAIT = Duration.ofSeconds(2);
    private static final int CALLERS = 48;
    // Long enough for the callers to queue behind a waiting writer; shorter would only test less of the batching.
    private static final Duration QUEUEING_TIME = Duration.ofMillis(300);

    private JdbiRegistrationStore store;
    private JdbiClientRegistry registry;

    @BeforeEach
    void startStore() {
        store = JdbiRegistrationStore.start(database.jdbi(), WAIT);
        registry = new JdbiClientRegistry(database.jdbi());
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void savesTheClientWithItsCreatedEvent() {
        ClientRegistration client = client("Saved");

        store.save(client, created(client));

        assertThat(registry.find(client.id())).contains(client);
        assertThat(Fixtures.count(database, """
                SELECT COUNT(*) FROM audit_event WHERE action = 'REGISTRATION' AND outcome = 'created'
                AND client_id = ? AND address = '192.0.2.1' AND at = ?""", client.id().value(),
                Columns.timestamp(Fixtures.NOW))).isOne();
    }

    @Test
    void savesEveryOneOfManyConcurrentRegistrations() throws Exception {
        List<ClientRegistration> clients = IntStream.range(0, CALLERS).mapToObj(i -> client("Client " + i)).toList();

        List<Optional<Exception>> outcomes =
                new Callers(clients, client -> store.save(client, created(client))).outcomes();

        assertThat(outcomes).allMatch(Optional::isEmpty);
        clients.forEach(client -> assertThat(registry.find(client.id())).contains(client));
        assertThat(Fixtures.count(database, "SELECT COUNT(*) FROM audit_event WHERE outcome = 'created'"))
                .isEqualTo(CALLERS);
    }

    @Test
    void aDuplicateClientIdFailsOnlyItsOwnSave() throws Exception {
        ClientRegistration first = client("First");
        registry.add(first);
        var duplicate = new ClientRegistration(first.id(), client("Duplicate").metadata(), Fixtures.NOW,
                first.source());
        List<ClientRegistration> clients = new ArrayList<>(
                IntStream.range(0, CALLERS - 1).mapToObj(i -> client("Client " + i)).toList());
        clients.add(CALLERS / 2, duplicate);

        // The writer waits for a connection while the callers queue up, so they share its next transaction.
        Callers callers;
        try (var held = new HeldConnections()) {
            callers = new Callers(clients, client -> store.save(client, created(client)));
            Thread.sleep(QUEUEING_TIME.toMillis());
        }
        List<Optional<Exception>> outcomes = callers.outcomes();

        for (int i = 0; i < clients.size(); i++) {
            if (clients.get(i) == duplicate) {
                assertThat(outcomes.get(i)).get().isInstanceOf(StoreUnavailableException.class)
                        .extracting(Throwable::getCause).isInstanceOf(JdbiException.class);
            } else {
                assertThat(outcomes.get(i)).as("save " + i).isEmpty();
                assertThat(registry.find(clients.get(i).id())).contains(clients.get(i));
            }
        }
        assertThat(registry.find(first.id())).contains(first);
        assertThat(Fixtures.count(database, "SELECT COUNT(*) FROM audit_event WHERE client_id = ?",
                first.id().value())).as("no event for the refused duplicate").isZero();
        assertThat(Fixtures.count(database, "SELECT COUNT(*) FROM audit_event")).isEqualTo(CALLERS - 1);
    }

    @Test
    void answersUnavailableWithinTheWaitWhenNoConnectionComesAndRecoversAfterwards() {
        ClientRegistration late = client("Late");
        try (var held = new HeldConnections()) {
            long started = System.nanoTime();

            assertThatThrownBy(() -> store.save(late, created(late)))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessage("registration store unavailable");

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(WAIT.plusMillis(500));
        }
        ClientRegistration next = client("Next");

        store.save(next, created(next));

        assertThat(registry.find(next.id())).contains(next);
    }

    @Test
    void theWriterSurvivesAnErrorAndTheNextRegistrationIsSaved() {
        var thrown = new AtomicBoolean();
        database.jdbi().addCustomizer(new StatementCustomizer() {
            @Override
            public void beforeExecution(PreparedStatement statement, StatementContext context) {
                if (thrown.compareAndSet(false, true)) {
                    throw new OutOfMemoryError("injected");
                }
            }
        });
        ClientRegistration failed = client("Failed");

        assertThatThrownBy(() -> store.save(failed, created(failed)))
                .isInstanceOf(StoreUnavailableException.class).hasCauseInstanceOf(OutOfMemoryError.class);

        ClientRegistration next = client("Next");
        store.save(next, created(next));
        assertThat(registry.find(next.id())).contains(next);
        assertThat(registry.find(failed.id())).as("nothing half-written").isEmpty();
    }

    @Test
    void answersUnavailableAtOnceWhenTheDatabaseIsGone() {
        ClientRegistration lost = client("Lost");
        database.close();
        long started = System.nanoTime();

        assertUnavailable("registration store unavailable", () -> store.save(lost, created(lost)));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(WAIT);
    }

    @Test
    void refusesAtOnceWhenTheQueueIsFull() throws Exception {
        int capacity = 2;
        store.close();
        store = JdbiRegistrationStore.start(database.jdbi(), WAIT, capacity);
        // The writer holds at most what was queued when it took it, so of capacity * 2 + 1 callers one finds the
        // queue full.
        List<ClientRegistration> clients =
                IntStream.range(0, capacity * 2 + 1).mapToObj(i -> client("Client " + i)).toList();
        List<Optional<Exception>> outcomes;
        try (var held = new HeldConnections()) {
            outcomes = new Callers(clients, client -> store.save(client, created(client))).outcomes();
        }

        assertThat(outcomes).anySatisfy(outcome -> assertThat(outcome).get()
                .isInstanceOf(StoreUnavailableException.class)
                .extracting(Throwable::getCause).extracting(Throwable::getMessage)
                .isEqualTo("the write queue is full"));
    }

    @Test
    void closingCommitsWhatIsQueuedThenRefusesAndStopsItsThread() throws Exception {
        List<ClientRegistration> clients = IntStream.range(0, CALLERS).mapToObj(i -> client("Client " + i)).toList();

        List<Optional<Exception>> outcomes = new Callers(clients, client -> {
            if (client == clients.get(CALLERS / 2)) {
                store.close();
            }
            store.save(client, created(client));
        }).outcomes();

        for (int i = 0; i < CALLERS; i++) {
            if (outcomes.get(i).isEmpty()) {
                assertThat(registry.find(clients.get(i).id())).as("acknowledged save " + i).isPresent();
            } else {
                assertThat(outcomes.get(i).get()).isInstanceOf(StoreUnavailableException.class);
            }
        }
        ClientRegistration late = client("Late");
        assertThatThrownBy(() -> store.save(late, created(late))).isInstanceOf(StoreUnavailableException.class);
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(thread -> thread.getName().equals("registration-writer") && thread.isAlive());
    }

    private static ClientRegistration client(String name) {
        return Fixtures.client(name, List.of("http://127.0.0.1:33418/callback"), Fixtures.NOW, "192.0.2.1");
    }

    private static AuditEvent created(ClientRegistration client) {
        return new AuditEvent(client.issuedAt(), AuditAction.REGISTRATION, AuditOutcome.CREATED, Optional.empty(),
                Optional.of(client.id()), Optional.of(client.source().address()), client.source().userAgent(),
                Optional.empty());
    }

    @FunctionalInterface
    private interface Save {
        void run(ClientRegistration client);
    }

    /** {@code save} for every client, each on its own thread, all started at once. */
    private static final class Callers {
        private final ExecutorService threads;
        private final List<Future<Optional<Exception>>> saves = new ArrayList<>();

        Callers(List<ClientRegistration> clients, Save save) {
            threads = Executors.newFixedThreadPool(clients.size());
            for (ClientRegistration client : clients) {
                saves.add(threads.submit(() -> {
                    try {
                        save.run(client);
                        return Optional.<Exception>empty();
                    } catch (RuntimeException e) {
                        return Optional.<Exception>of(e);
                    }
                }));
            }
        }

        /** Each save's failure, in the clients' order, once all have ended. */
        List<Optional<Exception>> outcomes() throws Exception {
            try {
                List<Optional<Exception>> outcomes = new ArrayList<>();
                for (Future<Optional<Exception>> save : saves) {
                    outcomes.add(save.get(30, TimeUnit.SECONDS));
                }
                return outcomes;
            } finally {
                threads.shutdownNow();
            }
        }
    }

    /** Every connection of the pool, taken until closed: the writer then waits, as for an overloaded database. */
    private final class HeldConnections implements AutoCloseable {
        private final List<Handle> handles = new ArrayList<>();

        HeldConnections() {
            for (int i = 0; i < POOL_SIZE; i++) {
                handles.add(database.jdbi().open());
            }
        }

        @Override
        public void close() {
            handles.forEach(Handle::close);
            handles.clear();
        }
    }
}
