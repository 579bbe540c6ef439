package io.mcpdcr.bench;

import java.awt.Color;
import java.util.List;

/** What the benchmark drives, in report order. */
enum Target {
    H2("h2", "service, H2 file", new Color(0x1f77b4)),
    PG("pg", "service, PostgreSQL", new Color(0x2ca02c)),
    CEILING("ceiling", "bare Javalin ceiling", new Color(0x7f7f7f)),
    PEER("peer", "MCP SDK router (in-memory)", new Color(0xd62728));

    final String key;
    final String label;
    final Color color;

    Target(String key, String label, Color color) {
        this.key = key;
        this.label = label;
        this.color = color;
    }

    static final List<String> WORKLOADS = List.of("register", "code", "refresh", "introspect");

    static String workloadTitle(String workload) {
        return switch (workload) {
            case "register" -> "Registration (POST /o/register/)";
            case "code" -> "Code exchange (authorization_code + PKCE)";
            case "refresh" -> "Refresh (rotation)";
            case "introspect" -> "Introspection (RFC 7662)";
            default -> workload;
        };
    }
}
