package io.mcpdcr.domain.registration;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which registration budget a registration spends. Hosted clients (claude.ai, ChatGPT, vscode.dev) register from a
 * few addresses shared by all their users, so a per-address budget would lock out every user once a few connect. A
 * registration whose redirect URIs are all https on one of those hosts can only ever send codes there, so it spends
 * that host's budget instead of its address's. Anything else, including a body that cannot be read, spends the
 * address's budget. The global budget applies to both and is not decided here.
 */
public final class RegistrationBudgetPolicy {
    private final Set<String> hostedHosts;

    /** @param hostedHosts host names of hosted clients, such as {@code claude.ai}; matched exactly, case-insensitively */
    public RegistrationBudgetPolicy(Set<String> hostedHosts) {
        this.hostedHosts = hostedHosts.stream().map(host -> host.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The policy with no hosted hosts: every registration spends its address's budget. */
    public static RegistrationBudgetPolicy byAddressOnly() {
        return new RegistrationBudgetPolicy(Set.of());
    }

    /** The budget for a registration with these submitted members (unchecked JSON values). */
    public Budget budgetFor(Map<String, ?> submitted) {
        if (!(submitted.get(ClientMetadataNames.REDIRECT_URIS) instanceof List<?> uris) || uris.isEmpty()) {
            return new Budget.ByAddress();
        }
        Optional<String> first = hostedHost(uris.get(0));
        if (first.isEmpty() || !uris.stream().allMatch(uri -> hostedHost(uri).isPresent())) {
            return new Budget.ByAddress();
        }
        // Several hosted hosts in one registration spend the first one's budget: codes still reach only them.
        return new Budget.ByHostedHost(first.get());
    }

    /** The hosted host an https redirect URI points to, if it points to one. */
    private Optional<String> hostedHost(Object candidate) {
        if (!(candidate instanceof String raw)) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(raw);
            String host = uri.getHost();
            boolean https = "https".equalsIgnoreCase(uri.getScheme()) && uri.getRawUserInfo() == null;
            return https && host != null && hostedHosts.contains(host.toLowerCase(Locale.ROOT))
                    ? Optional.of(host.toLowerCase(Locale.ROOT))
                    : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** A registration budget. */
    public sealed interface Budget {
        /** The budget of the requester's address (its IPv6 block). */
        record ByAddress() implements Budget {}

        /** The budget of a hosted client's host. */
        record ByHostedHost(String host) implements Budget {}
    }
}
