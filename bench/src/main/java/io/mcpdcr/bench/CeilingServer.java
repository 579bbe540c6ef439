package io.mcpdcr.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.mcpdcr.adapters.http.JacksonJsonObjects;
import io.mcpdcr.domain.token.OpaqueToken;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The HTTP stack's ceiling on this machine: bare Javalin (the service's Jetty and Jackson) answering the benchmark's
 * paths with similar work and similar JSON, but no database, throttle, audit or metrics. Registration parses the body
 * with the service's own strict JSON reader; the token and introspection routes parse the form and mint a secret.
 * Usage: {@code CeilingServer PORT}.
 */
public final class CeilingServer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JacksonJsonObjects READER = new JacksonJsonObjects();
    private static final SecureRandom RANDOM = new SecureRandom();

    private CeilingServer() {}

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        Javalin.create(config -> {
                    config.startup.showJavalinBanner = false;
                    config.routes.get("/health/live", ctx -> ctx.json(Map.of("status", "up")));
                    config.routes.post("/o/register/", CeilingServer::register);
                    config.routes.post("/o/token/", CeilingServer::token);
                    config.routes.post("/o/introspect/", CeilingServer::introspect);
                })
                .start("127.0.0.1", port);
    }

    private static void register(Context ctx) throws Exception {
        var members = READER.read(ctx.bodyAsBytes());
        if (members.isEmpty()) {
            ctx.status(400).result("{\"error\":\"invalid_client_metadata\"}");
            return;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("client_id", OpaqueToken.generate(RANDOM));
        answer.put("client_id_issued_at", Instant.now().getEpochSecond());
        answer.putAll(members.get());
        write(ctx.status(201), answer);
    }

    private static void token(Context ctx) throws Exception {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", OpaqueToken.generate(RANDOM));
        answer.put("token_type", "Bearer");
        answer.put("expires_in", 3600);
        answer.put("refresh_token", OpaqueToken.generate(RANDOM));
        answer.put("scope", ctx.formParamMap().containsKey("grant_type") ? "mcp" : "");
        write(ctx, answer);
    }

    private static void introspect(Context ctx) throws Exception {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("active", ctx.formParam("token") != null && ctx.header("Authorization") != null);
        answer.put("client_id", "ceiling");
        answer.put("username", "bench");
        answer.put("scope", "mcp");
        answer.put("token_type", "Bearer");
        answer.put("exp", Instant.now().getEpochSecond() + 3600);
        write(ctx, answer);
    }

    private static void write(Context ctx, Map<String, Object> answer) throws Exception {
        ctx.header("Cache-Control", "no-store").contentType("application/json").result(JSON.writeValueAsBytes(answer));
    }
}
