// The peer: the MCP TypeScript SDK's reference auth router with its demo in-memory provider, as an MCP server
// author would mount it, but with the registration and token rate limits off so throughput is what is measured.
import express from 'express';
import { mcpAuthRouter } from '@modelcontextprotocol/sdk/server/auth/router.js';
import { DemoInMemoryAuthProvider } from '@modelcontextprotocol/sdk/examples/server/demoInMemoryOAuthProvider.js';

const port = Number(process.env.PORT ?? 8090);
const app = express();
app.use(mcpAuthRouter({
    provider: new DemoInMemoryAuthProvider(),
    issuerUrl: new URL(`http://localhost:${port}`),
    scopesSupported: ['mcp'],
    clientRegistrationOptions: { rateLimit: false },
    tokenOptions: { rateLimit: false },
}));
app.listen(port, '127.0.0.1', error => {
    if (error) {
        console.error('peer could not start:', error);
        process.exit(1);
    }
    console.log(`peer listening on 127.0.0.1:${port}`);
});
