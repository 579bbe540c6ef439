// The upstream MCP server the gateway fronts, written with the official MCP TypeScript SDK as any MCP server author
// would: McpServer + StreamableHTTPServerTransport (stateful sessions) on the SDK's Express app, on 127.0.0.1 only.
// It knows nothing of OAuth. Prints "listening <port>" once it accepts connections.
//   whoami    returns the X-Forwarded-User header it received, and whether an Authorization header reached it
//   countdown sends PROGRESS_STEPS progress notifications, a little apart, before its result
//   announce  replies, then tells the client on its standalone GET event stream that the tool list changed
// /mcp answers POSTs with event streams and keeps an event store (resumable); /mcp-json answers them with plain JSON.
//   relay     closes its POST event stream after the first progress notification (SEP-1699 polling); the client must
//             come back with GET and Last-Event-ID to receive the rest from the event store, result included
import { randomUUID } from 'node:crypto';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { createMcpExpressApp } from '@modelcontextprotocol/sdk/server/express.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { InMemoryEventStore } from '@modelcontextprotocol/sdk/examples/shared/inMemoryEventStore.js';

const PROGRESS_STEPS = 5;
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

function mcpServer() {
  const server = new McpServer({ name: 'bench-upstream', version: '1.0.0' });
  server.registerTool('whoami', { description: 'Who the gateway says is calling' }, async extra => {
    const headers = extra.requestInfo?.headers ?? {};
    const seen = {
      user: headers['x-forwarded-user'] ?? null,
      authorization: headers.authorization !== undefined
    };
    return { content: [{ type: 'text', text: JSON.stringify(seen) }] };
  });
  server.registerTool('countdown', { description: `Reports ${PROGRESS_STEPS} progress steps, then answers` }, async extra => {
    const token = extra._meta?.progressToken;
    for (let step = 1; step <= PROGRESS_STEPS; step++) {
      if (token !== undefined) {
        await extra.sendNotification({
          method: 'notifications/progress',
          params: { progressToken: token, progress: step, total: PROGRESS_STEPS, message: `step ${step}` }
        });
      }
      await sleep(50);
    }
    return { content: [{ type: 'text', text: 'lift-off' }] };
  });
  server.registerTool('relay', { description: 'Answers after its event stream was closed and resumed' }, async extra => {
    const token = extra._meta?.progressToken;
    const progress = step => extra.sendNotification({
      method: 'notifications/progress',
      params: { progressToken: token, progress: step, total: 3, message: `relay leg ${step}` }
    });
    await progress(1);
    extra.closeSSEStream?.();
    await sleep(300);
    await progress(2);
    await progress(3);
    return { content: [{ type: 'text', text: extra.closeSSEStream ? 'resumed' : 'no event store' }] };
  });
  server.registerTool('announce', { description: 'Sends tools/list_changed on the standalone event stream' }, async () => {
    setTimeout(() => server.sendToolListChanged(), 100);
    return { content: [{ type: 'text', text: 'announced' }] };
  });
  return server;
}

const transports = new Map();
const app = createMcpExpressApp({ host: '127.0.0.1' });

const sessionStarter = options => async (req, res) => {
  const sessionId = req.headers['mcp-session-id'];
  let transport = sessionId ? transports.get(sessionId) : undefined;
  if (!transport) {
    if (sessionId || !isInitializeRequest(req.body)) {
      res.status(400).json({ jsonrpc: '2.0', error: { code: -32000, message: 'no such session' }, id: null });
      return;
    }
    transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: id => transports.set(id, transport),
      ...options()
    });
    transport.onclose = () => transports.delete(transport.sessionId);
    await mcpServer().connect(transport);
  }
  await transport.handleRequest(req, res, req.body);
};
app.post('/mcp', sessionStarter(() => ({ eventStore: new InMemoryEventStore(), retryInterval: 100 })));
app.post('/mcp-json', sessionStarter(() => ({ enableJsonResponse: true })));

const bySession = async (req, res) => {
  const transport = transports.get(req.headers['mcp-session-id']);
  if (!transport) {
    res.status(400).json({ jsonrpc: '2.0', error: { code: -32000, message: 'no such session' }, id: null });
    return;
  }
  await transport.handleRequest(req, res);
};
app.get(['/mcp', '/mcp-json'], bySession);
app.delete(['/mcp', '/mcp-json'], bySession);

const listener = app.listen(Number(process.env.UPSTREAM_PORT ?? 0), '127.0.0.1', () => {
  console.log(`listening ${listener.address().port}`);
});
const stop = () => {
  listener.close(() => process.exit(0));
  listener.closeAllConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
