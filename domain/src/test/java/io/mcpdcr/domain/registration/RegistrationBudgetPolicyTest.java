package io.mcpdcr.domain.registration;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.domain.registration.RegistrationBudgetPolicy.Budget;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RegistrationBudgetPolicyTest {
    private final RegistrationBudgetPolicy policy = new RegistrationBudgetPolicy(Set.of("claude.ai", "claude.com", "chatgpt.com"));

    @ParameterizedTest(name = "{0} spends the budget of {1}")
    @CsvSource(delimiter = '|', textBlock = """
        https://claude.ai/api/mcp/auth_callback                                         | claude.ai
        https://CLAUDE.AI/api/mcp/auth_callback                                         | claude.ai
        https://chatgpt.com/connector/oauth/abc123                                      | chatgpt.com
        https://claude.ai/api/mcp/auth_callback https://claude.com/api/mcp/auth_callback | claude.ai
        """)
    void aRegistrationWhoseRedirectUrisAreAllOnAHostedHostSpendsThatHostsBudget(String uris, String host) {
        assertThat(policy.budgetFor(Map.of("redirect_uris", List.of(uris.split(" ")))))
                .isEqualTo(new Budget.ByHostedHost(host));
    }

    @ParameterizedTest(name = "{0} spends the address's budget")
    @ValueSource(strings = {
        "http://localhost:6274/oauth/callback",
        "https://claude.ai/cb https://evil.example/cb",           // one URI elsewhere is enough
        "https://evil.example/cb https://claude.ai/cb",
        "https://claude.ai.evil.example/cb",                      // exact hosts, no suffix matching
        "https://evil.claude.ai/cb",
        "http://claude.ai/cb",                                    // https only
        "https://user@claude.ai/cb",
        "cursor://claude.ai/cb",
        "not a uri"})
    void anyOtherRegistrationSpendsItsAddresssBudget(String uris) {
        assertThat(policy.budgetFor(Map.of("redirect_uris", List.of(uris.split(" "))))).isEqualTo(new Budget.ByAddress());
    }

    @Test
    void aRegistrationWithoutReadableRedirectUrisSpendsItsAddresssBudget() {
        assertThat(policy.budgetFor(Map.of())).isEqualTo(new Budget.ByAddress());
        assertThat(policy.budgetFor(Map.of("redirect_uris", "https://claude.ai/cb"))).isEqualTo(new Budget.ByAddress());
        assertThat(policy.budgetFor(Map.of("redirect_uris", List.of()))).isEqualTo(new Budget.ByAddress());
        assertThat(policy.budgetFor(Map.of("redirect_uris", List.of(42)))).isEqualTo(new Budget.ByAddress());
        assertThat(RegistrationBudgetPolicy.byAddressOnly().budgetFor(
                Map.of("redirect_uris", List.of("https://claude.ai/cb")))).isEqualTo(new Budget.ByAddress());
    }
}
