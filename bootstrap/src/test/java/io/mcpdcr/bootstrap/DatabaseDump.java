package io.mcpdcr.bootstrap;

import io.mcpdcr.adapters.jdbc.Database;
import java.util.List;
import java.util.stream.Collectors;

/** Every row of every table of the service's schema as text: what an attacker holding a backup would read. */
final class DatabaseDump {
    private DatabaseDump() {}

    static String of(Settings settings) {
        try (Database database = Database.open(settings.dbUrl(), settings.dbUser(), settings.dbPassword(), 1)) {
            return database.jdbi().withHandle(handle -> {
                List<String> tables = handle.createQuery("SELECT table_name FROM information_schema.tables"
                                + " WHERE table_schema = CURRENT_SCHEMA AND table_type IN ('BASE TABLE', 'TABLE')")
                        .mapTo(String.class).list();
                StringBuilder dump = new StringBuilder();
                for (String table : tables) {
                    dump.append("-- ").append(table).append('\n');
                    handle.createQuery("SELECT * FROM \"" + table + "\"").mapToMap().forEach(row -> dump.append(
                            row.values().stream().map(String::valueOf).collect(Collectors.joining(" | "))).append('\n'));
                }
                return dump.toString();
            });
        }
    }
}
