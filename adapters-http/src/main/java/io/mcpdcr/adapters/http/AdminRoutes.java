package io.mcpdcr.adapters.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.mcpdcr.application.admin.AdminAccess;
import io.mcpdcr.application.admin.ManageClients;
import io.mcpdcr.application.admin.ManageUsers;
import io.mcpdcr.application.admin.ReviewFindings;
import io.mcpdcr.application.authorization.LogIn;
import io.mcpdcr.application.monitoring.ShowDashboard;
import io.mcpdcr.domain.registration.ClientId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The admin console for signed-in admins: the dashboard ({@code GET /o/admin}), the client list with search and
 * paging, one client's page with its actions, and the users. Strangers are sent to sign in; signed-in users without
 * the admin role get a 403 page. Every action is a POST form carrying a CSRF token derived from the session, and
 * answers with a 303 back to a page that shows its result. Client ids travel as a query or form field, never as a path
 * segment: a metadata document's client_id is an https URL. The pages need no script, so the content security policy
 * stays closed.
 */
final class AdminRoutes {
    static final String ADMIN = "/o/admin";
    static final String CLIENTS = ADMIN + "/clients";
    static final String CLIENT = ADMIN + "/client";
    static final String USERS = ADMIN + "/users";
    static final String FINDINGS = ADMIN + "/findings";
    // What an action's redirect may announce, by the word in its "done" parameter: nothing of the request is echoed.
    private static final Map<String, String> RESULTS = Map.of(
            "disabled", "The client is disabled and its tokens are revoked.",
            "enabled", "The client is enabled.",
            "deleted", "The client is deleted with its codes, tokens and consents.",
            "revoked", "The tokens are revoked.",
            "resolved", "The finding is marked resolved.");

    private final ShowDashboard dashboard;
    private final AdminAccess access;
    private final ManageClients clients;
    private final ManageUsers users;
    private final ReviewFindings findings;
    private final LogIn logIn;
    private final Pages pages;
    private final BrowserCookies cookies;

    AdminRoutes(HttpUseCases useCases, Pages pages, BrowserCookies cookies) {
        this.dashboard = useCases.showDashboard();
        this.access = useCases.adminAccess();
        this.clients = useCases.manageClients();
        this.users = useCases.manageUsers();
        this.findings = useCases.reviewFindings();
        this.logIn = useCases.logIn();
        this.pages = pages;
        this.cookies = cookies;
    }

    void addTo(JavalinConfig config) {
        config.routes.get(ADMIN, ctx -> asAdmin(ctx, this::showDashboard));
        config.routes.get(CLIENTS, ctx -> asAdmin(ctx, this::showClients));
        config.routes.get(CLIENT, ctx -> asAdmin(ctx, this::showClient));
        config.routes.get(USERS, ctx -> asAdmin(ctx, this::showUsers));
        config.routes.post(CLIENT + "/{action}", ctx -> actAsAdmin(ctx, this::changeClient));
        config.routes.post(USERS + "/revoke", ctx -> actAsAdmin(ctx, this::revokeUserTokens));
        config.routes.post(FINDINGS + "/resolve", ctx -> actAsAdmin(ctx, this::resolveFinding));
    }

    /** What a page or an action does once the signed-in admin is known. */
    @FunctionalInterface
    private interface AdminHandler {
        void handle(Context ctx, Admin admin);
    }

    /** @param csrfToken what this admin's forms carry: derived from the session secret, so nothing is stored */
    private record Admin(String username, String csrfToken) {}

    private void asAdmin(Context ctx, AdminHandler handler) {
        Optional<String> secret = cookies.session(ctx);
        Optional<String> user = secret.flatMap(logIn::sessionUser);
        if (user.isEmpty()) {
            ctx.status(303).header("Location", AuthorizationRoutes.LOGIN + "?next=admin").header("Cache-Control", "no-store");
            return;
        }
        if (!access.allows(user.get())) {
            pages.error(ctx, PageError.NOT_ALLOWED, "Not allowed", "This page is for administrators.");
            return;
        }
        handler.handle(ctx, new Admin(user.get(), SessionCsrf.ADMIN.token(secret.get())));
    }

    private void actAsAdmin(Context ctx, AdminHandler action) {
        asAdmin(ctx, (context, admin) -> {
            if (!SessionCsrf.sameSecret(Optional.of(admin.csrfToken()), context.formParam(SessionCsrf.FIELD))) {
                pages.error(context, PageError.FORM_EXPIRED, "Form expired",
                        "The form expired or was not sent from this site. Reload the page and try again.");
                return;
            }
            action.handle(context, admin);
        });
    }

    private void showDashboard(Context ctx, Admin admin) {
        Optional<ShowDashboard.Dashboard> content = dashboard.show(admin.username());
        if (content.isEmpty()) { // the role was taken away between the two checks
            pages.error(ctx, PageError.NOT_ALLOWED, "Not allowed", "This page is for administrators.");
            return;
        }
        Map<String, Object> model = model(ctx, admin);
        model.putAll(AdminModels.dashboard(content.get()));
        pages.render(ctx, 200, "admin", "Registrations", model);
    }

    private void showClients(Context ctx, Admin admin) {
        String search = Optional.ofNullable(ctx.queryParam("q")).orElse("");
        ManageClients.ClientPage page = clients.search(search, pageNumber(ctx.queryParam("page")));
        Map<String, Object> model = model(ctx, admin);
        model.put("q", search);
        model.put("clients", page.clients().stream().map(AdminModels::clientRow).toList());
        model.put("pageNumber", page.page() + 1);
        if (page.page() > 0) {
            model.put("previous", AdminModels.clientsLink(search, page.page() - 1));
        }
        if (page.hasNext()) {
            model.put("next", AdminModels.clientsLink(search, page.page() + 1));
        }
        pages.render(ctx, 200, "admin-clients", "Clients", model);
    }

    private void showClient(Context ctx, Admin admin) {
        Optional<ClientId> id = clientId(ctx.queryParam("client_id"));
        Optional<ManageClients.ClientView> view = id.flatMap(clients::show);
        if (view.isEmpty()) {
            noSuchClient(ctx);
            return;
        }
        Map<String, Object> model = model(ctx, admin);
        model.putAll(AdminModels.client(view.get()));
        pages.render(ctx, 200, "admin-client", "Client", model);
    }

    private void showUsers(Context ctx, Admin admin) {
        Map<String, Object> model = model(ctx, admin);
        model.put("users", users.list().stream()
                .map(account -> Map.of("username", account.username(), "admin", account.admin(),
                        "source", account.source()))
                .toList());
        pages.render(ctx, 200, "admin-users", "Users", model);
    }

    private void changeClient(Context ctx, Admin admin) {
        Optional<ClientAction> action = ClientAction.named(ctx.pathParam("action"));
        Optional<ClientId> id = clientId(ctx.formParam("client_id"));
        if (action.isEmpty() || id.isEmpty() || action.get().apply(clients, id.get(), admin.username())
                instanceof ManageClients.ClientChange.NoSuchClient) {
            noSuchClient(ctx);
            return;
        }
        seeOther(ctx, action.get() == ClientAction.DELETE ? CLIENTS + "?done=deleted"
                : AdminModels.clientLink(id.get().value()) + "&done=" + action.get().done);
    }

    /** The buttons of a client's page, by the last segment of their form's path. */
    private enum ClientAction {
        DISABLE("disabled"), ENABLE("enabled"), DELETE("deleted"), REVOKE("revoked");

        /** The word of {@link #RESULTS} the redirect announces. */
        private final String done;

        ClientAction(String done) {
            this.done = done;
        }

        static Optional<ClientAction> named(String segment) {
            return Arrays.stream(values()).filter(action -> action.name().toLowerCase(Locale.ROOT).equals(segment))
                    .findFirst();
        }

        ManageClients.ClientChange apply(ManageClients clients, ClientId id, String actor) {
            return switch (this) {
                case DISABLE -> clients.disable(id, actor);
                case ENABLE -> clients.enable(id, actor);
                case DELETE -> clients.delete(id, actor);
                case REVOKE -> clients.revokeTokens(id, actor);
            };
        }
    }

    private void revokeUserTokens(Context ctx, Admin admin) {
        String username = Optional.ofNullable(ctx.formParam("username")).orElse("");
        if (users.revokeTokens(username) instanceof ManageUsers.Revocation.NoSuchUser) {
            pages.error(ctx, PageError.NOT_FOUND, "No such user", "There is no user with this name.");
            return;
        }
        seeOther(ctx, USERS + "?done=revoked");
    }

    private void resolveFinding(Context ctx, Admin admin) {
        Optional<Long> id = wholeNumber(ctx.formParam("finding_id"));
        if (id.isEmpty() || findings.resolve(id.get(), admin.username()) instanceof ReviewFindings.Resolution.NoSuchFinding) {
            pages.error(ctx, PageError.NOT_FOUND, "No such finding", "There is no finding with this id.");
            return;
        }
        seeOther(ctx, ADMIN + "?done=resolved");
    }

    private void noSuchClient(Context ctx) {
        pages.error(ctx, PageError.NOT_FOUND, "No such client",
                "There is no client with this client_id; it may have been deleted.");
    }

    /** What every console page shows: who is signed in, the forms' token, and the result of the last action. */
    private static Map<String, Object> model(Context ctx, Admin admin) {
        Map<String, Object> model = new HashMap<>();
        model.put("wide", true);
        model.put("username", admin.username());
        model.put("csrfToken", admin.csrfToken());
        Optional.ofNullable(ctx.queryParam("done")).map(RESULTS::get).ifPresent(result -> model.put("result", result));
        return model;
    }

    private static void seeOther(Context ctx, String location) {
        ctx.status(303).header("Location", location).header("Cache-Control", "no-store");
    }

    private static Optional<ClientId> clientId(String value) {
        try {
            return Optional.ofNullable(value).map(ClientId::new);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The page asked for, from 0; anything but a small whole number is the first page. */
    private static int pageNumber(String value) {
        return wholeNumber(value).filter(page -> page <= Integer.MAX_VALUE).map(Long::intValue).orElse(0);
    }

    private static Optional<Long> wholeNumber(String value) {
        if (value == null || !value.matches("[0-9]{1,18}")) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(value));
    }
}
