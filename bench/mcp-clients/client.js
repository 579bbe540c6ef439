// The official MCP TypeScript SDK client (Client + StreamableHTTPClientTransport with an OAuthClientProvider), given
// only the gateway URL. The SDK discovers, registers and builds the authorization URL itself; this script plays the
// user in between (login form, consent page) exactly as a browser submits them, then lets the SDK exchange the code
// and call tools. One PASS or FAIL line per step; exits 1 at the first failure.
//   env: GATEWAY_URL (e.g. http://127.0.0.1:8080/mcp), JSON_GATEWAY_URL (a second route, to an upstream that answers
//        POSTs with plain JSON), MCP_USER, MCP_PASSWORD
import { randomBytes } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';

const GATEWAY = new URL(required('GATEWAY_URL'));
const JSON_GATEWAY = new URL(required('JSON_GATEWAY_URL'));
const USER = required('MCP_USER');
const PASSWORD = required('MCP_PASSWORD');
// Never opened: the consent answer's Location is read instead, as a native app's loopback listener would receive it.
const REDIRECT_URL = 'http://127.0.0.1:33418/callback';
const OVERALL_TIMEOUT_MS = 90_000;

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is not set`);
    process.exit(2);
  }
  return value;
}

// ---- reporting ---------------------------------------------------------------------------------------------------
class StepFailed extends Error {}

async function step(name, body) {
  try {
    const detail = await body();
    console.log(`PASS ${name}${detail ? ` (${detail})` : ''}`);
  } catch (error) {
    console.log(`FAIL ${name}: ${error instanceof StepFailed ? error.message : error?.stack ?? error}`);
    await shutdown(1);
  }
}

function expect(condition, message) {
  if (!condition) {
    throw new StepFailed(message);
  }
}

const openClients = [];
async function shutdown(code) {
  for (const client of openClients) {
    await client.close().catch(() => {});
  }
  process.exit(code);
}
setTimeout(() => {
  console.log(`FAIL the whole run took longer than ${OVERALL_TIMEOUT_MS / 1000} s`);
  shutdown(1);
}, OVERALL_TIMEOUT_MS).unref();

// ---- what the SDK sends: every request it makes goes through this fetch, so the steps can say what went over the wire
const wire = [];
async function recordingFetch(url, init = {}) {
  const response = await fetch(url, init);
  wire.push({
    method: init.method ?? 'GET',
    url: new URL(String(url)),
    requestHeaders: [...new Headers(init.headers)],
    status: response.status,
    contentType: response.headers.get('content-type'),
    wwwAuthenticate: response.headers.get('www-authenticate'),
    allowOrigin: response.headers.get('access-control-allow-origin'),
    exposed: (response.headers.get('access-control-expose-headers') ?? '').toLowerCase().split(/\s*,\s*/)
  });
  return response;
}
const sent = (method, href) => wire.filter(call => call.method === method && call.url.href.split('?')[0] === href);

// ---- the OAuth client: everything the SDK asks to keep, kept in memory -------------------------------------------
class InMemoryOAuthClient {
  constructor(clientMetadataUrl) {
    this.clientMetadataUrl = clientMetadataUrl;
    this.expectedState = randomBytes(16).toString('base64url');
    this.savedTokens = [];
  }
  get redirectUrl() {
    return REDIRECT_URL;
  }
  get clientMetadata() {
    return {
      client_name: 'MCP TypeScript SDK client (bench/mcp-clients)',
      redirect_uris: [REDIRECT_URL],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none'
    };
  }
  state() {
    return this.expectedState;
  }
  clientInformation() {
    return this.client;
  }
  saveClientInformation(client) {
    this.client = client;
  }
  tokens() {
    return this.savedTokens.at(-1);
  }
  saveTokens(tokens) {
    this.savedTokens.push(tokens);
  }
  saveCodeVerifier(verifier) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
  saveDiscoveryState(state) {
    this.discovery = state;
  }
  discoveryState() {
    return this.discovery;
  }
  // What the SDK drops when the server says a credential is dead (invalid_grant, invalid_client).
  invalidateCredentials(scope) {
    if (scope === 'all' || scope === 'client') this.client = undefined;
    if (scope === 'all' || scope === 'tokens') this.savedTokens = [];
    if (scope === 'all' || scope === 'verifier') this.verifier = undefined;
    if (scope === 'all' || scope === 'discovery') this.discovery = undefined;
  }
  // The SDK hands over the authorization URL here; the user's browser takes it from there (see signIn).
  redirectToAuthorization(url) {
    this.authorizationUrl = url;
  }
}

// ---- the user's browser: keeps cookies, never follows redirects on its own, submits forms from their hidden fields
class Browser {
  cookies = new Map();

  async open(url, init = {}) {
    const headers = new Headers(init.headers);
    headers.set('accept', 'text/html');
    if (this.cookies.size > 0) {
      headers.set('cookie', [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    }
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const cookie of response.headers.getSetCookie()) {
      const pair = cookie.split(';')[0];
      const name = pair.slice(0, pair.indexOf('=')).trim();
      const value = pair.slice(pair.indexOf('=') + 1).trim();
      if (value === '' || /;\s*max-age=0/i.test(cookie)) {
        this.cookies.delete(name);
      } else {
        this.cookies.set(name, value);
      }
    }
    return response;
  }

  async submit(pageUrl, html, action, extraFields) {
    const fields = hiddenFields(html, action);
    const target = new URL(action, pageUrl);
    return this.open(target, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: target.origin },
      body: new URLSearchParams({ ...fields, ...extraFields })
    });
  }
}

function hiddenFields(html, action) {
  const form = html.match(new RegExp(`<form method="post" action="${action}"[^>]*>([\\s\\S]*?)</form>`));
  expect(form, `the page has no form posting to ${action}:\n${html.slice(0, 2000)}`);
  const fields = {};
  for (const [, name, value] of form[1].matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields[name] = unescapeHtml(value);
  }
  return fields;
}

function unescapeHtml(text) {
  return text
    .replace(/&#(\d+);/g, (_, code) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code) => String.fromCodePoint(parseInt(code, 16)))
    .replaceAll('&quot;', '"').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
}

/** What a person would read on a page: its alert, else its heading; a short excerpt of anything else. */
function gist(body) {
  const said = body.match(/<p class="alert"[^>]*>([\s\S]*?)<\/p>/) ?? body.match(/<h1>([\s\S]*?)<\/h1>/);
  return said ? `"${unescapeHtml(said[1].trim())}"` : body.slice(0, 300);
}

async function page(response, what) {
  const body = await response.text();
  expect(response.status === 200, `${what}: expected a 200 page, got ${response.status} ${gist(body)}`);
  expect((response.headers.get('content-type') ?? '').startsWith('text/html'),
    `${what}: expected HTML, got ${response.headers.get('content-type')}`);
  return body;
}

/**
 * Signs in and answers the consent page ("approve" or "deny") as the user would in their browser; answers the
 * parameters of the redirect back to the client, checked for state and issuer.
 */
async function signIn(authorizationUrl, expectedState, issuer, decision = 'approve') {
  const browser = new Browser();
  const loginUrl = new URL(authorizationUrl);
  const loginPage = await page(await browser.open(loginUrl), 'the authorization URL');
  const loggedIn = await browser.submit(loginUrl, loginPage, '/o/login', { username: USER, password: PASSWORD });
  expect(loggedIn.status === 303 || loggedIn.status === 302,
    `signing in: expected a redirect, got ${loggedIn.status} ${gist(await loggedIn.text())}`);
  const consentUrl = new URL(loggedIn.headers.get('location'), loginUrl);
  expect(consentUrl.origin === loginUrl.origin, `signing in redirected off the server, to ${consentUrl}`);
  const consentPage = await page(await browser.open(consentUrl), 'the consent page');
  expect(consentPage.includes(USER), 'the consent page does not name the signed-in user');
  const answered = await browser.submit(consentUrl, consentPage, '/o/consent', { decision });
  expect(answered.status === 303 || answered.status === 302,
    `pressing ${decision}: expected a redirect, got ${answered.status} ${gist(await answered.text())}`);
  const back = new URL(answered.headers.get('location'));
  expect(back.href.startsWith(REDIRECT_URL), `pressing ${decision} redirected to ${back}, not to the client's redirect URI`);
  expect(back.searchParams.get('state') === expectedState, `the redirect carries state ${back.searchParams.get('state')}`);
  const iss = back.searchParams.get('iss');
  expect(iss === null || iss === issuer, `the redirect names issuer ${iss}, not ${issuer}`);
  return back.searchParams;
}

async function approvedCode(provider) {
  const answer = await signIn(provider.authorizationUrl, provider.expectedState,
    provider.discovery.authorizationServerMetadata.issuer);
  expect(answer.get('code'), `the redirect carries no code: ${answer}`);
  return answer.get('code');
}

function connection(provider, url = GATEWAY) {
  const client = new Client({ name: 'dcr-bench-ts-client', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(url, { authProvider: provider, fetch: recordingFetch });
  openClients.push(client);
  return { client, transport };
}

function text(result) {
  return result.content?.find(part => part.type === 'text')?.text;
}

/** A new client that has met the challenge: connect ended in UnauthorizedError, the authorization URL is ready. */
async function challenged(oauthClient = new InMemoryOAuthClient(), url = GATEWAY) {
  const conn = connection(oauthClient, url);
  const error = await conn.client.connect(conn.transport).then(() => undefined, e => e);
  expect(error instanceof UnauthorizedError, `connect should end in UnauthorizedError, got ${error}`);
  return { ...conn, oauthClient };
}

// ---- the steps ---------------------------------------------------------------------------------------------------
const prmUrl = new URL(`/.well-known/oauth-protected-resource${GATEWAY.pathname}`, GATEWAY);
const provider = new InMemoryOAuthClient();
let first;
let code;

await step('the SDK client, given only the gateway URL, is challenged and starts OAuth', async () => {
  first = await challenged(provider);
  const challenge = wire[0];
  expect(challenge.method === 'POST' && challenge.url.href === GATEWAY.href && challenge.status === 401,
    `the first request should be POST ${GATEWAY} answered 401, was ${challenge.method} ${challenge.url} ${challenge.status}`);
  expect(challenge.wwwAuthenticate?.includes(`resource_metadata="${prmUrl.href}"`),
    `WWW-Authenticate should point at ${prmUrl}: ${challenge.wwwAuthenticate}`);
  return `401 WWW-Authenticate: ${challenge.wwwAuthenticate}`;
});

await step('discovery: protected resource metadata (RFC 9728) from the challenge', async () => {
  expect(sent('GET', prmUrl.href).some(call => call.status === 200), `no 200 GET ${prmUrl}`);
  const metadata = provider.discovery?.resourceMetadata;
  expect(metadata?.resource === GATEWAY.href, `resource is ${metadata?.resource}, expected ${GATEWAY.href}`);
  expect(metadata.authorization_servers?.length === 1, `authorization_servers: ${metadata.authorization_servers}`);
  return `resource ${metadata.resource}, authorization server ${metadata.authorization_servers[0]}`;
});

await step('discovery: authorization server metadata (RFC 8414)', async () => {
  const metadata = provider.discovery?.authorizationServerMetadata;
  expect(metadata, 'the SDK found no authorization server metadata');
  expect(metadata.issuer === provider.discovery.resourceMetadata.authorization_servers[0],
    `issuer ${metadata.issuer} is not the advertised authorization server`);
  expect(metadata.code_challenge_methods_supported?.includes('S256'), 'S256 PKCE is not advertised');
  expect(metadata.registration_endpoint, 'no registration_endpoint');
  return `issuer ${metadata.issuer}`;
});

await step('dynamic client registration (RFC 7591) with the payload the SDK sends', async () => {
  const endpoint = provider.discovery.authorizationServerMetadata.registration_endpoint;
  const registration = sent('POST', endpoint);
  expect(registration.length === 1 && registration[0].status === 201,
    `expected one POST ${endpoint} answered 201, saw ${JSON.stringify(registration.map(call => call.status))}`);
  expect(provider.client?.client_id, 'the SDK saved no client_id');
  return `client_id ${provider.client.client_id}`;
});

await step('the SDK builds the authorization URL (PKCE S256, resource indicator, state)', async () => {
  const url = provider.authorizationUrl;
  expect(url, 'redirectToAuthorization was never called');
  const endpoint = provider.discovery.authorizationServerMetadata.authorization_endpoint;
  expect(url.href.split('?')[0] === endpoint, `the URL ${url} is not at ${endpoint}`);
  const params = url.searchParams;
  expect(params.get('client_id') === provider.client.client_id, `client_id ${params.get('client_id')}`);
  expect(params.get('code_challenge_method') === 'S256', `code_challenge_method ${params.get('code_challenge_method')}`);
  expect(params.get('resource') === GATEWAY.href, `resource ${params.get('resource')}, expected ${GATEWAY.href}`);
  expect(params.get('state') === provider.expectedState, `state ${params.get('state')}`);
  return `scope "${params.get('scope')}"`;
});

await step(`the user signs in as ${USER} on the login form and approves on the consent page`, async () => {
  code = await approvedCode(provider);
  return 'authorization code received at the redirect URI';
});

await step('transport.finishAuth(code): the SDK exchanges the code for tokens', async () => {
  await first.transport.finishAuth(code);
  const tokens = provider.tokens();
  expect(tokens?.access_token, 'no access token saved');
  expect(tokens.token_type?.toLowerCase() === 'bearer', `token_type ${tokens.token_type}`);
  expect(tokens.refresh_token, 'no refresh token');
  await first.client.close();
  return `bearer token, expires_in ${tokens.expires_in}, scope "${tokens.scope}", refresh token too`;
});

const { client, transport } = connection(provider);
let announced;
client.setNotificationHandler(ToolListChangedNotificationSchema, () => announced?.());

await step('connect again: initialize through the gateway with the bearer token', async () => {
  await client.connect(transport);
  const server = client.getServerVersion();
  expect(server?.name === 'bench-upstream', `the server is ${JSON.stringify(server)}`);
  expect(transport.sessionId, 'no Mcp-Session-Id came back through the gateway');
  return `server ${server.name} ${server.version}, session ${transport.sessionId}`;
});

await step('tools/list', async () => {
  const names = (await client.listTools()).tools.map(tool => tool.name).sort();
  for (const name of ['announce', 'countdown', 'relay', 'whoami']) {
    expect(names.includes(name), `tool ${name} missing from ${names}`);
  }
  return names.join(', ');
});

await step(`tools/call whoami: the upstream sees X-Forwarded-User ${USER} and no Authorization header`, async () => {
  const seen = JSON.parse(text(await client.callTool({ name: 'whoami', arguments: {} })));
  expect(seen.user === USER, `the upstream saw X-Forwarded-User ${JSON.stringify(seen.user)}`);
  expect(seen.authorization === false, 'the token reached the upstream in an Authorization header');
  return `X-Forwarded-User: ${seen.user}`;
});

await step('tools/call countdown: progress notifications arrive before the result', async () => {
  const progress = [];
  const result = await client.callTool({ name: 'countdown', arguments: {} }, undefined, {
    onprogress: update => progress.push(update)
  });
  const total = progress[0]?.total;
  expect(total >= 2, `expected several progress notifications, got ${JSON.stringify(progress)}`);
  expect(progress.length === total && progress.every((update, i) => update.progress === i + 1),
    `expected progress 1..${total} in order, got ${JSON.stringify(progress)}`);
  expect(text(result) === 'lift-off', `result ${JSON.stringify(result)}`);
  return `${progress.length} of ${total} notifications, then "${text(result)}"`;
});

await step('tools/call relay: the upstream closes the event stream mid-call; the SDK resumes with Last-Event-ID', async () => {
  const progress = [];
  const mark = wire.length;
  const result = await client.callTool({ name: 'relay', arguments: {} }, undefined, {
    onprogress: update => progress.push(update.progress)
  });
  expect(text(result) === 'resumed', `result ${JSON.stringify(result)}`);
  expect(progress.join() === '1,2,3', `progress seen: ${progress}`);
  const resumed = wire.slice(mark).find(call => call.method === 'GET'
    && call.requestHeaders.some(([name]) => name === 'last-event-id'));
  expect(resumed?.status === 200, `no GET with Last-Event-ID answered 200: ${JSON.stringify(resumed)}`);
  return `progress ${progress}, result "${text(result)}" over the resumed stream`;
});

await step('server-initiated notification on the standalone GET event stream', async () => {
  const arrived = new Promise(resolve => { announced = resolve; });
  await client.callTool({ name: 'announce', arguments: {} });
  const outcome = await Promise.race([arrived.then(() => 'arrived'), new Promise(r => setTimeout(r, 5000, 'timeout'))]);
  expect(outcome === 'arrived', 'notifications/tools/list_changed did not arrive within 5 s');
  return 'notifications/tools/list_changed received';
});

await step('a refused token: 401 invalid_token, the SDK refreshes (refresh_token grant) and retries', async () => {
  const before = provider.savedTokens.length;
  provider.savedTokens.push({ ...provider.tokens(), access_token: 'revoked-or-expired-token' });
  const mark = wire.length;
  const seen = JSON.parse(text(await client.callTool({ name: 'whoami', arguments: {} })));
  const refused = wire.slice(mark).find(call => call.status === 401);
  expect(refused?.wwwAuthenticate?.includes('error="invalid_token"'),
    `expected a 401 with error="invalid_token", saw ${JSON.stringify(refused)}`);
  expect(provider.savedTokens.length === before + 2, 'the SDK saved no refreshed tokens');
  expect(seen.user === USER, `after the refresh the upstream saw ${JSON.stringify(seen.user)}`);
  return 'new access token used, call answered';
});

await step(`the same server given as ${GATEWAY.pathname}/ (a pasted trailing slash): same token, no new sign-in`, async () => {
  const slashed = connection(provider, new URL(`${GATEWAY.href}/`));
  const mark = wire.length;
  await slashed.client.connect(slashed.transport);
  const seen = JSON.parse(text(await slashed.client.callTool({ name: 'whoami', arguments: {} })));
  expect(seen.user === USER, `the upstream saw ${JSON.stringify(seen.user)}`);
  expect(!wire.slice(mark).some(call => call.status === 401), 'the token was refused at the trailing-slash URL');
  await slashed.transport.terminateSession();
  await slashed.client.close();
  return `whoami ${seen.user}`;
});

await step('transport.terminateSession(): DELETE ends the upstream session', async () => {
  const href = GATEWAY.href;
  await transport.terminateSession();
  const deleted = sent('DELETE', href);
  expect(deleted.length === 1 && deleted[0].status === 200, `DELETE answered ${JSON.stringify(deleted)}`);
  return 'DELETE 200';
});
await client.close();

await step('the user presses Deny: the client gets error=access_denied with its state, and no code', async () => {
  const { oauthClient } = await challenged();
  const answer = await signIn(oauthClient.authorizationUrl, oauthClient.expectedState,
    oauthClient.discovery.authorizationServerMetadata.issuer, 'deny');
  expect(answer.get('error') === 'access_denied', `the redirect says error=${answer.get('error')}`);
  expect(!answer.has('code'), 'a code came back although the user denied');
  return `redirect: ${answer}`;
});

await step('a replayed code is refused, and what it issued stops working at the gateway: the SDK asks for sign-in again',
  async () => {
    const { transport: firstTransport, oauthClient } = await challenged();
    const replayed = await approvedCode(oauthClient);
    await firstTransport.finishAuth(replayed);
    const victim = connection(oauthClient);
    await victim.client.connect(victim.transport);
    const before = JSON.parse(text(await victim.client.callTool({ name: 'whoami', arguments: {} })));
    expect(before.user === USER, `before the replay the upstream saw ${JSON.stringify(before.user)}`);
    // The replay comes from a second copy of the client (same registration and verifier, its own token store), so
    // that what the SDK drops on invalid_grant there cannot explain what the first copy observes next.
    const copy = Object.assign(new InMemoryOAuthClient(), {
      client: oauthClient.client, verifier: oauthClient.verifier, discovery: oauthClient.discovery
    });
    const replay = await connection(copy).transport.finishAuth(replayed).then(() => undefined, e => e);
    expect(replay !== undefined, 'the token endpoint accepted the same code twice');
    const mark = wire.length;
    const after = await victim.client.callTool({ name: 'whoami', arguments: {} }).then(() => undefined, e => e);
    expect(after instanceof UnauthorizedError,
      `the next call with the code's tokens should end in UnauthorizedError (sign in again), got ${after}`);
    const refused = wire.slice(mark).find(call => call.url.href === GATEWAY.href && call.status === 401);
    expect(refused?.wwwAuthenticate?.includes('error="invalid_token"'), 'the gateway did not refuse the access token');
    const tokenEndpoint = provider.discovery.authorizationServerMetadata.token_endpoint;
    const refresh = wire.slice(mark).find(call => call.url.href === tokenEndpoint);
    expect(refresh && refresh.status === 400, `the refresh token should be refused too, saw ${JSON.stringify(refresh)}`);
    return `replay refused (${replay.constructor.name}); access token 401 invalid_token, refresh token ${refresh.status}`;
  });

await step(`a second route (${JSON_GATEWAY.pathname}, plain JSON answers): the ${GATEWAY.pathname} token is refused there; its own works`,
  async () => {
    // A client that presents its token for the first route: the audience differs, so the SDK must sign in again.
    const token = provider.tokens().access_token;
    const live = await fetch(GATEWAY, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize',
        params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'probe', version: '1' } } })
    });
    await live.body?.cancel();
    expect(live.status === 200, `the ${GATEWAY.pathname} token should still be good at ${GATEWAY.pathname}, got ${live.status}`);
    const elsewhere = new InMemoryOAuthClient();
    elsewhere.savedTokens.push({ access_token: token, token_type: 'Bearer' });
    const mark = wire.length;
    const { client: second, transport: secondTransport } = await challenged(elsewhere, JSON_GATEWAY);
    const refused = wire.slice(mark).find(call => call.url.href === JSON_GATEWAY.href && call.status === 401);
    expect(refused?.wwwAuthenticate?.includes('error="invalid_token"'),
      `the ${GATEWAY.pathname} token should get 401 invalid_token at ${JSON_GATEWAY.pathname}: ${JSON.stringify(refused)}`);
    expect(elsewhere.authorizationUrl.searchParams.get('resource') === JSON_GATEWAY.href,
      `the new authorization asks for resource ${elsewhere.authorizationUrl.searchParams.get('resource')}`);
    await secondTransport.finishAuth(await approvedCode(elsewhere));
    await second.close();
    const again = connection(elsewhere, JSON_GATEWAY);
    await again.client.connect(again.transport);
    const at = wire.length;
    const seen = JSON.parse(text(await again.client.callTool({ name: 'whoami', arguments: {} })));
    expect(seen.user === USER && seen.authorization === false, `the upstream saw ${JSON.stringify(seen)}`);
    const answer = wire.slice(at).find(call => call.method === 'POST' && call.url.href === JSON_GATEWAY.href);
    expect(answer?.status === 200 && answer.contentType?.startsWith('application/json'),
      `tools/call should come back as plain JSON: ${JSON.stringify(answer)}`);
    await again.client.close();
    return `401 invalid_token, new sign-in for ${JSON_GATEWAY.href}, whoami ${seen.user} as ${answer.contentType}`;
  });

// MCP clients also run in browsers (MCP Inspector): there every request above is cross-origin. Each one is asked as a
// browser would (a preflight where the Fetch standard demands one), and each answer must let the page read it.
const SAFELISTED = new Set(['accept', 'accept-language', 'content-language']);
const SIMPLE_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];
await step('a browser-based client could make every one of these requests (CORS)', async () => {
  const origin = 'http://inspector.localhost:6274';
  const asked = new Set();
  for (const call of wire) {
    const where = `${call.method} ${call.url.pathname}`;
    expect(call.allowOrigin === '*' || call.allowOrigin === origin,
      `${where} answered ${call.status} without Access-Control-Allow-Origin`);
    expect(!call.wwwAuthenticate || call.exposed.includes('www-authenticate'),
      `${where} answered ${call.status}: a page could not read its WWW-Authenticate`);
    const unsafe = call.requestHeaders
      .filter(([name, value]) => !SAFELISTED.has(name) && !(name === 'content-type' && SIMPLE_TYPES.includes(value)))
      .map(([name]) => name);
    if ((call.method === 'GET' || call.method === 'POST') && unsafe.length === 0) {
      continue;
    }
    const key = `${where} ${unsafe.sort()}`;
    if (asked.has(key)) {
      continue;
    }
    asked.add(key);
    const preflight = await fetch(call.url, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': call.method, 'access-control-request-headers': unsafe.join(',') }
    });
    const allowedOrigin = preflight.headers.get('access-control-allow-origin');
    const methods = (preflight.headers.get('access-control-allow-methods') ?? '').toUpperCase().split(/\s*,\s*/);
    const headers = (preflight.headers.get('access-control-allow-headers') ?? '').toLowerCase().split(/\s*,\s*/);
    expect(preflight.ok && (allowedOrigin === '*' || allowedOrigin === origin),
      `preflight for ${where} answered ${preflight.status}, Access-Control-Allow-Origin ${allowedOrigin}`);
    expect(['GET', 'POST'].includes(call.method) || methods.includes(call.method),
      `preflight for ${where} allows methods ${methods}`);
    const refused = unsafe.filter(name => !headers.includes(name) && !headers.includes('*'));
    expect(refused.length === 0, `preflight for ${where} does not allow request headers ${refused}`);
  }
  const sessionAnswer = wire.find(call => call.method === 'POST' && call.url.href === GATEWAY.href && call.status === 200);
  expect(sessionAnswer?.exposed.includes('mcp-session-id'), 'a page could not read Mcp-Session-Id from the gateway');
  return `${wire.length} requests, ${asked.size} preflights`;
});

// Claude-style clients name themselves by a metadata document URL where the server supports it (SEP-991). That path
// needs an https document this machine cannot serve, so the check stops at the SDK's choice: no registration.
await step('client_id metadata documents: advertised, and the SDK uses its URL as client_id instead of registering',
  async () => {
    const documentUrl = 'https://client.example/oauth/client-metadata.json';
    const mark = wire.length;
    const { oauthClient: claudeStyle } = await challenged(new InMemoryOAuthClient(documentUrl));
    const metadata = claudeStyle.discovery?.authorizationServerMetadata;
    expect(metadata?.client_id_metadata_document_supported === true,
      'the AS metadata does not advertise client_id_metadata_document_supported');
    expect(!wire.slice(mark).some(call => call.url.href === metadata.registration_endpoint),
      'the SDK registered although it could use its metadata document URL');
    expect(claudeStyle.authorizationUrl?.searchParams.get('client_id') === documentUrl,
      `the authorization URL names client_id ${claudeStyle.authorizationUrl?.searchParams.get('client_id')}`);
    return 'client_id_metadata_document_supported: true';
  });

console.log('PASS all steps');
await shutdown(0);
