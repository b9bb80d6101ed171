/**
 * The least work that turns explain text into what the plan model holds, to read the parser's
 * throughput against: each tree line becomes a node object of the model's shape (the same 16
 * fields, its id, name and argument string cut) plus the child edge to its parent, found by
 * column; each formatted detail line `Key: value` becomes one field of its block's record. Nothing
 * else: no codegen stages, statistics, AQE roles, subqueries, reuse links, fields read from the
 * arguments (join type, keys, partitioning, scan fields), checks or warnings — all of which the
 * parser does and the issue asks for.
 *
 * Not a parser (it reads any text as best it can, and is wrong on much of it): a ceiling. When even
 * this runs below a throughput goal on a machine, no parser producing the model can meet it there.
 */
interface FloorNode {
  kind: "operator";
  id: string;
  name: string;
  args: string;
  operatorId: number | null;
  codegenStage: number | null;
  codegen: boolean;
  marker: string | null;
  section: string;
  tree: string;
  aqe: string | null;
  details: Record<string, string>;
  stats: string | null;
  line: number;
  detailLines: [number, number] | null;
  plan: number;
}

const EMPTY: Record<string, string> = Object.freeze({}) as Record<string, string>;

export function floorRead(t: string): {
  nodes: FloorNode[];
  edges: { from: string; to: string; kind: string }[];
} {
  const nodes: FloorNode[] = [];
  const edges: { from: string; to: string; kind: string }[] = [];
  const stackColumns: number[] = [];
  const stackNodes: FloorNode[] = [];
  let block: Record<string, string> | null = null;
  let javaCode = false;
  let line = 0;
  for (let s = 0; s <= t.length; ) {
    let e = t.indexOf("\n", s);
    if (e < 0) e = t.length;
    line++;
    const c0 = t.charCodeAt(s);
    if (e === s) {
      block = null;
      stackColumns.length = 0;
      stackNodes.length = 0;
    } else if (c0 === 61) {
      // `== Physical Plan ==`, `== Subtree 1 / 2 ... ==`: a header; codegen's Java ends at the next one.
      javaCode = false;
      block = null;
    } else if (javaCode) {
      // Generated Java: kept as a line range, nothing made per line.
    } else if (c0 === 40 && t.charCodeAt(s + 1) >= 48 && t.charCodeAt(s + 1) <= 57) {
      block = {}; // `(12) Name`: a formatted detail block starts
    } else if (block !== null) {
      const colon = t.indexOf(": ", s);
      if (colon > s && colon < e) block[t.slice(s, colon)] = t.slice(colon + 2, e);
    } else if (t.startsWith("Generated code:", s)) {
      javaCode = true;
    } else {
      let p = s;
      for (; p < e; p++) {
        const c = t.charCodeAt(p);
        if (c !== 32 && c !== 58 && c !== 124 && c !== 43 && c !== 45 && c !== 42) break;
      }
      let q = p;
      for (; q < e; q++) {
        const c = t.charCodeAt(q);
        if (c === 32 || c === 40 || c === 91) break;
      }
      const column = p - s;
      while (stackColumns.length > 0 && stackColumns[stackColumns.length - 1]! >= column) {
        stackColumns.pop();
        stackNodes.pop();
      }
      const node: FloorNode = {
        kind: "operator",
        id: `n${line}`,
        name: t.slice(p, q),
        args: q < e ? t.slice(q + 1, e) : "",
        operatorId: null,
        codegenStage: null,
        codegen: false,
        marker: null,
        section: "physical",
        tree: "main",
        aqe: null,
        details: EMPTY,
        stats: null,
        line,
        detailLines: null,
        plan: 0,
      };
      const parent = stackNodes[stackNodes.length - 1];
      if (parent !== undefined) edges.push({ from: node.id, to: parent.id, kind: "child" });
      stackColumns.push(column);
      stackNodes.push(node);
      nodes.push(node);
    }
    s = e + 1;
  }
  return { nodes, edges };
}
