/**
 * Reads a request body as UTF-8 text with a hard cap, counting bytes as they stream in so an
 * oversize upload is refused before it is buffered. `Content-Encoding: gzip` is decoded on the fly
 * and the cap applies to the decoded size too (a small gzip bomb cannot inflate past it).
 */

export type BodyOutcome =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly status: 400 | 413 | 415; readonly message: string };

export async function readCappedText(req: Request, maxBytes: number): Promise<BodyOutcome> {
  const encoding = (req.headers.get("content-encoding") ?? "identity").trim().toLowerCase();
  if (encoding !== "identity" && encoding !== "gzip") {
    return { ok: false, status: 415, message: `Content-Encoding "${encoding}" is not supported; use gzip.` };
  }
  const tooLarge = { ok: false, status: 413, message: `The body is larger than ${maxBytes} bytes.` } as const;
  const declared = Number(req.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) return tooLarge;
  if (!req.body) return { ok: true, text: "" };

  const wire = req.body.pipeThrough(byteCap(maxBytes));
  const stream =
    encoding === "gzip"
      ? wire.pipeThrough(
          new DecompressionStream("gzip") as unknown as TransformStream<Uint8Array, Uint8Array>,
        )
      : wire;
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => {});
        return tooLarge;
      }
      chunks.push(value);
    }
  } catch (e) {
    if (e instanceof CapExceeded) return tooLarge;
    return {
      ok: false,
      status: 400,
      message: encoding === "gzip" ? "The gzip body is corrupt." : "The body could not be read.",
    };
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, status: 400, message: "The body is not valid UTF-8." };
  }
}

class CapExceeded extends Error {}

/** Errors the stream as soon as more than `max` bytes have passed (before they pile up anywhere). */
function byteCap(max: number): TransformStream<Uint8Array, Uint8Array> {
  let seen = 0;
  return new TransformStream({
    transform(chunk, controller) {
      seen += chunk.byteLength;
      if (seen > max) controller.error(new CapExceeded());
      else controller.enqueue(chunk);
    },
  });
}
