/**
 * Synthetic Spark plans for benchmarks and e2e tests: `EXPLAIN FORMATTED` text of a realistic
 * physical plan with exactly N operators (main tree + subquery trees). The shapes follow what
 * TPC-DS plans look like in Spark 3.x: scan → ColumnarToRow → Filter chains, broadcast and
 * sort-merge joins, partial/final aggregates around a shuffle, unions, ReusedExchange,
 * scalar subqueries (and ReusedSubquery hosts), whole-stage-codegen stages.
 *
 *   npx tsx scripts/gen-synthetic-plan.ts 1000 [seed] > plan.txt
 *
 * Deterministic for a given (N, seed). No imports from the app: Playwright specs import it too.
 */

interface GenNode {
  readonly name: string;
  readonly args: string;
  readonly codegen: boolean;
  readonly children: GenNode[];
  readonly out: string[];
  /** Detail lines after the header, without the header. */
  readonly details: (self: GenNode) => string[];
  /** Children whose codegen stage continues this node's (stream side). */
  readonly streams: boolean;
  id?: number;
  stage?: number;
  reuses?: GenNode;
}

interface SubqueryEntry {
  host: GenNode;
  root: GenNode | null;
  expr: string;
}

const TABLES: Record<string, string[]> = {
  store_sales: [
    "ss_sold_date_sk",
    "ss_item_sk",
    "ss_customer_sk",
    "ss_store_sk",
    "ss_quantity",
    "ss_net_paid",
  ],
  catalog_sales: ["cs_sold_date_sk", "cs_item_sk", "cs_bill_customer_sk", "cs_quantity", "cs_list_price"],
  web_sales: ["ws_sold_date_sk", "ws_item_sk", "ws_bill_customer_sk", "ws_quantity", "ws_net_paid"],
  store_returns: ["sr_returned_date_sk", "sr_item_sk", "sr_customer_sk", "sr_return_amt"],
  inventory: ["inv_date_sk", "inv_item_sk", "inv_warehouse_sk", "inv_quantity_on_hand"],
};
const DIMS: Record<string, string[]> = {
  date_dim: ["d_date_sk", "d_year", "d_moy", "d_qoy"],
  item: ["i_item_sk", "i_brand_id", "i_class_id", "i_category_id", "i_category"],
  customer: ["c_customer_sk", "c_customer_id", "c_first_name", "c_last_name"],
  store: ["s_store_sk", "s_store_name", "s_state"],
  warehouse: ["w_warehouse_sk", "w_warehouse_name", "w_state"],
  promotion: ["p_promo_sk", "p_channel_email", "p_channel_tv"],
};

/** Mulberry32: small, fast, deterministic. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const list = (cols: readonly string[]) => `[${cols.length}]: [${cols.join(", ")}]`;

export function syntheticPlan(operators: number, seed = 7): string {
  const rand = rng(seed * 7919 + operators);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  let exprId = 1;
  let exchangeId = 1;
  let subqueryExpr = 1;
  const col = (name: string) => `${name}#${exprId++}`;
  const broadcasts: GenNode[] = [];
  const subqueries: SubqueryEntry[] = [];

  const node = (
    name: string,
    args: string,
    codegen: boolean,
    children: GenNode[],
    out: string[],
    details: (self: GenNode) => string[],
    streams = true,
  ): GenNode => ({ name, args, codegen, children, out, details, streams });
  const input = (c: GenNode) => `Input ${list(c.out)}`;

  const scanChain = (size: number, table: string, cols: readonly string[]): GenNode => {
    const out = cols.slice(0, 2 + Math.floor(rand() * (cols.length - 1))).map(col);
    let n = node("Scan parquet", `spark_catalog.default.${table}`, false, [], out, () => [
      `Output ${list(out)}`,
      "Batched: true",
      `Location: InMemoryFileIndex [file:/warehouse/tpcds.db/${table}]`,
      `PushedFilters: [IsNotNull(${cols[0]})]`,
      `ReadSchema: struct<${cols.map((c) => `${c}:int`).join(",")}>`,
    ]);
    if (size >= 2) n = node("ColumnarToRow", "", true, [n], n.out, (s) => [input(s.children[0]!)]);
    if (size >= 3)
      n = node("Filter", "", true, [n], n.out, (s) => [
        input(s.children[0]!),
        `Condition : isnotnull(${s.out[0]})`,
      ]);
    if (size >= 4) {
      const child = n;
      const pout = child.out.slice(0, Math.max(1, child.out.length - 1));
      n = node("Project", "", true, [child], pout, () => [`Output ${list(pout)}`, input(child)]);
    }
    return n;
  };

  const exchange = (child: GenNode): GenNode =>
    node("Exchange", "", false, [child], child.out, (s) => [
      input(child),
      `Arguments: hashpartitioning(${s.out[0]}, 200), ENSURE_REQUIREMENTS, [plan_id=${exchangeId++}]`,
    ]);
  const sort = (child: GenNode): GenNode =>
    node("Sort", "", true, [child], child.out, (s) => [
      input(child),
      `Arguments: [${s.out[0]} ASC NULLS FIRST], false, 0`,
    ]);
  const project = (child: GenNode, out: string[]): GenNode =>
    node("Project", "", true, [child], out, () => [`Output ${list(out)}`, input(child)]);
  const aggregate = (child: GenNode): GenNode => {
    const keys = child.out.slice(0, Math.min(3, child.out.length));
    const measure = child.out[child.out.length - 1]!;
    const partialOut = [...keys, col("sum"), col("count")];
    const partial = node("HashAggregate", "", true, [child], partialOut, () => [
      input(child),
      `Keys ${list(keys)}`,
      `Functions [2]: [partial_sum(${measure}), partial_count(1)]`,
      `Results ${list(partialOut)}`,
    ]);
    const finalOut = [...keys, col("sum_sales"), col("number_sales")];
    return node("HashAggregate", "", true, [exchange(partial)], finalOut, (s) => [
      input(s.children[0]!),
      `Keys ${list(keys)}`,
      `Functions [2]: [sum(${measure}), count(1)]`,
      `Results ${list(finalOut)}`,
    ]);
  };
  const joinDetails = (l: GenNode, r: GenNode) => () => [
    `Left keys [1]: [${l.out[0]}]`,
    `Right keys [1]: [${r.out[0]}]`,
    "Join condition: None",
  ];

  /** A broadcast build side: 5 operators, or 1 when it reuses an earlier broadcast. */
  const broadcastSide = (allowReuse: boolean): GenNode => {
    if (allowReuse && broadcasts.length > 0 && rand() < 0.35) {
      const target = pick(broadcasts);
      const r = node("ReusedExchange", "", false, [], target.out, (s) => [`Output ${list(s.out)}`]);
      r.reuses = target;
      return r;
    }
    const dim = pick(Object.keys(DIMS));
    const chain = scanChain(4, dim, DIMS[dim]!);
    const b = node("BroadcastExchange", "", false, [chain], chain.out, () => [
      input(chain),
      `Arguments: HashedRelationBroadcastMode(List(cast(input[0, int, true] as bigint)),false), [plan_id=${exchangeId++}]`,
    ]);
    broadcasts.push(b);
    return b;
  };

  /** A subtree of exactly `budget` operators (subquery trees it creates count too). */
  const build = (budget: number): GenNode => {
    if (budget <= 4) {
      const fact = pick(Object.keys(TABLES));
      return scanChain(budget, fact, TABLES[fact]!);
    }
    const r = rand();
    if (budget > 60 && r < (budget > 300 ? 0.55 : 0.2)) {
      const k = 2 + Math.floor(rand() * (budget > 1000 ? 5 : 3));
      const rest = budget - 1;
      const shares = Array.from({ length: k }, (_, i) => Math.floor(rest / k) + (i < rest % k ? 1 : 0));
      const kids = shares.map(build);
      const out = kids[0]!.out;
      return node("Union", "", false, kids, out, () => []);
    }
    if (budget >= 16 && r < 0.4) {
      const rest = budget - 6;
      const left = Math.max(1, Math.round(rest * (0.4 + rand() * 0.3)));
      const l = build(left);
      const rr = build(rest - left);
      const smj = node(
        "SortMergeJoin",
        pick(["Inner", "LeftSemi", "LeftOuter"]),
        true,
        [sort(exchange(l)), sort(exchange(rr))],
        [...l.out.slice(0, 3), ...rr.out.slice(0, 2)],
        joinDetails(l, rr),
        false,
      );
      return project(smj, smj.out.slice(0, 4));
    }
    if (budget >= 6 && r < 0.6) return aggregate(build(budget - 3));
    if (budget >= 40 && r < 0.66 && subqueries.length < 40) {
      if (rand() < 0.6 || subqueries.every((s) => s.root === null)) {
        const sub = Math.min(30, Math.floor(budget / 4));
        const child = build(budget - 1 - sub);
        const subRoot = aggregate(build(sub - 3));
        const expr = `Subquery scalar-subquery#${subqueryExpr}, [id=#${subqueryExpr + 1}]`;
        subqueryExpr += 2;
        const f = node("Filter", "", true, [child], child.out, () => [
          input(child),
          `Condition : (isnotnull(${child.out[0]}) AND (${child.out[0]} > ${expr}))`,
        ]);
        subqueries.push({ host: f, root: subRoot, expr });
        return f;
      }
      const child = build(budget - 1);
      const reused = pick(subqueries.filter((s) => s.root !== null));
      const expr = `ReusedSubquery ${reused.expr}`;
      const f = node("Filter", "", true, [child], child.out, () => [
        input(child),
        `Condition : (${child.out[0]} > ${expr})`,
      ]);
      subqueries.push({ host: f, root: null, expr });
      return f;
    }
    if (budget < 8) return budget >= 6 ? aggregate(build(budget - 3)) : sort(build(budget - 1));
    const side = broadcastSide(budget < 60 || rand() < 0.5);
    const stream = build(budget - 2 - countOf(side));
    const bhj = node(
      "BroadcastHashJoin",
      "Inner BuildRight",
      true,
      [stream, side],
      [...stream.out.slice(0, 3), ...side.out.slice(0, 2)],
      joinDetails(stream, side),
    );
    return project(bhj, bhj.out.slice(0, 4));
  };

  const top = build(Math.max(1, operators - 1));
  const root = node("TakeOrderedAndProject", "", false, [top], top.out, (s) => [
    input(top),
    `Arguments: 100, [${s.out[0]} ASC NULLS FIRST], [${s.out.join(", ")}]`,
  ]);

  // Operator ids: post-order over the main tree, then over each subquery tree (as Spark prints).
  let nextId = 1;
  const number = (n: GenNode) => {
    for (const c of n.children) number(c);
    n.id = nextId++;
  };
  number(root);
  for (const s of subqueries) if (s.root) number(s.root);
  // Codegen stages: a codegen operator continues its parent's stage along stream edges.
  let nextStage = 1;
  const stage = (n: GenNode, parentStage: number | undefined) => {
    if (n.codegen) n.stage = parentStage ?? nextStage++;
    for (const c of n.children) stage(c, n.codegen && n.streams ? n.stage : undefined);
  };
  stage(root, undefined);
  for (const s of subqueries) if (s.root) stage(s.root, undefined);

  const out: string[] = ["== Physical Plan =="];
  const printTree = (root: GenNode) => {
    const walk = (n: GenNode, prefix: string, childPrefix: string) => {
      out.push(`${prefix}${n.codegen ? "* " : ""}${n.name}${n.args ? ` ${n.args}` : ""} (${n.id})`);
      n.children.forEach((c, i) => {
        const last = i === n.children.length - 1;
        walk(c, `${childPrefix}${last ? "+- " : ":- "}`, `${childPrefix}${last ? "   " : ":  "}`);
      });
    };
    walk(root, "", "");
    out.push("", "");
    const all: GenNode[] = [];
    const collect = (n: GenNode) => {
      for (const c of n.children) collect(c);
      all.push(n);
    };
    collect(root);
    for (const n of all) {
      const tag = n.reuses
        ? ` [Reuses operator id: ${n.reuses.id}]`
        : n.stage !== undefined
          ? ` [codegen id : ${n.stage}]`
          : "";
      out.push(
        `(${n.id}) ${n.name}${n.name === "Scan parquet" ? ` ${n.args}` : ""}${tag}`,
        ...n.details(n),
        "",
      );
    }
  };
  printTree(root);
  if (subqueries.length > 0) {
    out.push("===== Subqueries =====", "");
    subqueries.forEach((s, i) => {
      out.push(`Subquery:${i + 1} Hosting operator id = ${s.host.id} Hosting Expression = ${s.expr}`);
      if (s.root) printTree(s.root);
      else out.push("");
    });
  }
  return `${out.join("\n")}\n`;
}

function countOf(n: GenNode): number {
  let k = 1;
  for (const c of n.children) k += countOf(c);
  return k;
}

const isMain = typeof process !== "undefined" && process.argv[1]?.endsWith("gen-synthetic-plan.ts");
if (isMain) {
  const n = Number(process.argv[2] ?? 1000);
  const seed = Number(process.argv[3] ?? 7);
  process.stdout.write(syntheticPlan(n, seed));
}
