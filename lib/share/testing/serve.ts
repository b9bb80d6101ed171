/**
 * A bare node:http server over the same handlers and store as the Next routes, for tests that
 * need to kill a server process (durability) without building the app. Prints `listening <port>`.
 * Usage: PLANSIGHT_DATA_DIR=... tsx lib/share/testing/serve.ts
 */
import { createServer, type IncomingMessage } from "node:http";
import { Readable } from "node:stream";
import { createPlan, deletePlan, json, readPlan } from "../http";
import { shareDeps } from "../server";

function toRequest(req: IncomingMessage, port: number): Request {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (typeof v === "string") headers.set(k, v);
    else if (Array.isArray(v)) for (const x of v) headers.append(k, x);
  }
  if (!headers.has("x-forwarded-for")) headers.set("x-forwarded-for", req.socket.remoteAddress ?? "");
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(`http://127.0.0.1:${port}${req.url ?? "/"}`, {
    method: req.method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
    duplex: "half",
  } as RequestInit);
}

const deps = shareDeps();
const server = createServer(async (req, res) => {
  const port = (server.address() as { port: number }).port;
  const request = toRequest(req, port);
  const path = new URL(request.url).pathname;
  const m = /^\/api\/plans(?:\/([^/]+))?$/.exec(path);
  let response: Response;
  if (!m) response = json(404, { error: "Not found." });
  else if (!m[1] && req.method === "POST") response = await createPlan(request, deps);
  else if (m[1] && req.method === "GET") response = await readPlan(decodeURIComponent(m[1]), deps);
  else if (m[1] && req.method === "DELETE")
    response = await deletePlan(request, decodeURIComponent(m[1]), deps);
  else response = json(405, { error: "Method not allowed." });
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
});
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  console.log(`listening ${(server.address() as { port: number }).port}`);
});
