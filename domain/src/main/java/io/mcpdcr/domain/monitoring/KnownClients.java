package io.mcpdcr.domain.monitoring;

import java.util.List;
import java.util.Set;

/** The default list of well-known MCP clients and their vendors' redirect hosts. */
final class KnownClients {
    static final List<KnownClient> DEFAULT = List.of(
            new KnownClient("Claude", Set.of("claude.ai", "claude.com", "anthropic.com")),
            new KnownClient("ChatGPT", Set.of("chatgpt.com", "openai.com")),
            // Cursor's private-use redirect (cursor://anysphere.cursor-retrieval/...) is its own.
            new KnownClient("Cursor", Set.of("cursor.com", "cursor.sh", "anysphere.co", "anysphere.cursor-retrieval")),
            new KnownClient("Visual Studio Code", Set.of("vscode.dev", "visualstudio.com", "github.dev")),
            new KnownClient("MCP Inspector", Set.of()),
            new KnownClient("Gemini", Set.of("google.com", "gemini.google.com")),
            new KnownClient("Codex", Set.of("openai.com", "chatgpt.com")));

    private KnownClients() {}
}
