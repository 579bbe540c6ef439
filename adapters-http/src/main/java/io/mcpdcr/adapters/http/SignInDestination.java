package io.mcpdcr.adapters.http;

/**
 * Where a successful sign-in leads: back to the authorization request it interrupted, or to one of two fixed pages.
 * Never a URL taken from the request, so the sign-in form cannot be made an open redirector.
 */
enum SignInDestination {
    AUTHORIZATION(""),
    ADMIN("admin"),
    ACCOUNT("account");

    /** The value of the form's {@code next} field and of {@code /o/login?next=}; empty for the authorization request. */
    final String next;

    SignInDestination(String next) {
        this.next = next;
    }

    /** The sign-in form's {@code next} field: without one, the form came from an authorization request. */
    static SignInDestination ofForm(String next) {
        return ADMIN.next.equals(next) ? ADMIN : ACCOUNT.next.equals(next) ? ACCOUNT : AUTHORIZATION;
    }

    /** {@code GET /o/login}, the page's own sign-in: the account page when asked for, otherwise the admin page. */
    static SignInDestination ofPage(String next) {
        return ACCOUNT.next.equals(next) ? ACCOUNT : ADMIN;
    }

    /** @param query the authorization request, for {@link #AUTHORIZATION} */
    String location(String query) {
        return switch (this) {
            case AUTHORIZATION -> AuthorizationRoutes.AUTHORIZE + "?" + query;
            case ADMIN -> AdminRoutes.ADMIN;
            case ACCOUNT -> AccountRoutes.ACCOUNT;
        };
    }
}
