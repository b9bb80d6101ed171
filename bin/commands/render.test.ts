import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderCommand } from "./render";

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s) }, out, err };
}

describe("plansight render", () => {
  it("writes a self-contained SVG with one box per operator", async () => {
    const dir = mkdtempSync(join(tmpdir(), "render-"));
    const target = join(dir, "out.svg");
    const t = io();
    const code = await renderCommand(["public/samples/formatted-broadcast-join.txt", "--out", target], t.io);
    expect(code).toBe(0);
    const svg = readFileSync(target, "utf8");
    expect(svg.startsWith("<svg xmlns=")).toBe(true);
    expect(svg.trim().endsWith("</svg>")).toBe(true);
    expect(svg).not.toContain("var(--");
    expect(svg.match(/<g data-node-id="[^"]+" transform="translate/g)).toHaveLength(14);
    expect(svg).toContain("BroadcastHashJoin");
    expect(svg).toContain("data-legend");
    expect(t.err.join("")).toContain("14 operators");
  });

  it("escapes plan text and prints to stdout without --out", async () => {
    const t = io();
    const text =
      "== Physical Plan ==\n*(1) Project [a#1 AS <script>x</script>#2]\n+- *(1) Range (0, 10, step=1, splits=2)\n";
    const dir = mkdtempSync(join(tmpdir(), "render-"));
    const file = join(dir, "p.txt");
    (await import("node:fs")).writeFileSync(file, text);
    expect(await renderCommand([file, "--theme", "dark"], t.io)).toBe(0);
    const svg = t.out.join("");
    expect(svg).not.toContain("<script>");
    expect(svg).toContain("&lt;script&gt;");
    expect(svg).toContain("#121417"); // dark background
  });

  it("exits 2 on input without a plan", async () => {
    const t = io();
    expect(await renderCommand(["package.json"], t.io)).toBe(2);
    expect(t.err.join("")).toMatch(/package\.json:\d+:/);
  });
});
