package io.mcpdcr.application.fakes;

import io.mcpdcr.application.port.ClientDirectory;
import io.mcpdcr.domain.registration.ClientId;
import io.mcpdcr.domain.registration.ClientRegistration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/** The admin views of the in-memory registry, with the database adapter's order and matching. */
public final class InMemoryClientDirectory implements ClientDirectory {
    private final InMemoryClientRegistry clients;
    private final InMemoryOAuthStores stores;

    public InMemoryClientDirectory(InMemoryClientRegistry clients, InMemoryOAuthStores stores) {
        this.clients = clients;
        this.stores = stores;
    }

    @Override
    public List<ClientSummary> list(Optional<Instant> since, Optional<String> address, Optional<String> nameContains,
            boolean unusedOnly) {
        return newestFirst(client -> since.map(from -> !client.issuedAt().isBefore(from)).orElse(true)
                && address.map(client.source().address()::equals).orElse(true)
                && nameContains.map(text -> contains(client.metadata().clientName(), text)).orElse(true)
                && (!unusedOnly || clients.lastUsed(client.id()).isEmpty()));
    }

    @Override
    public List<ClientSummary> search(Optional<String> text, int offset, int limit) {
        return newestFirst(client -> text.map(value -> client.id().value().equals(value)
                        || client.source().address().equals(value)
                        || contains(client.metadata().clientName(), value)
                        || client.metadata().redirectUris().stream().anyMatch(uri -> contains(uri, value)))
                .orElse(true)).stream().skip(offset).limit(limit).toList();
    }

    @Override
    public Optional<ClientDetails> show(ClientId id, Instant now) {
        return clients.all().stream().filter(client -> client.id().equals(id)).findFirst()
                .map(client -> new ClientDetails(client, clients.lastUsed(id),
                        clients.isDisabled(id) ? Optional.of(now) : Optional.empty(),
                        stores.accessTokenCount(id), 0));
    }

    private List<ClientSummary> newestFirst(Predicate<ClientRegistration> filter) {
        return clients.all().stream()
                .filter(filter)
                .sorted(Comparator.comparing(ClientRegistration::issuedAt)
                        .thenComparing(client -> client.id().value()).reversed())
                .map(client -> new ClientSummary(client.id().value(), client.metadata().clientName(),
                        client.issuedAt(), client.source().address(), clients.lastUsed(client.id()),
                        clients.isDisabled(client.id()), client.metadata().redirectUris()))
                .toList();
    }

    private static boolean contains(String text, String part) {
        return text.toLowerCase(Locale.ROOT).contains(part.toLowerCase(Locale.ROOT));
    }
}
