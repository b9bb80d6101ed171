/**
 * Warm-up work for the layout worker. ELK is a large GWT-compiled script and the parser is plain
 * JS: both run several times slower until V8 has compiled their hot paths. The worker runs a few
 * plan-shaped parses and layouts while the user is still pasting, so the first real one is warm.
 */
interface WarmNode {
  readonly name: string;
  readonly stage: number | null;
  readonly details: readonly string[];
  readonly children: readonly WarmNode[];
}

/**
 * `EXPLAIN FORMATTED` text of a plan shaped like a star join: `joins` broadcast hash joins, each
 * with a scanned, filtered dimension on its build side, under a two-phase aggregate
 * (about 6 operators per join).
 */
export function warmupText(joins = 16): string {
  const scan = (table: string, stage: number): WarmNode => ({
    name: "Filter",
    stage,
    details: [`Input [2]: [${table}_sk#1, ${table}_v#2]`, `Condition : isnotnull(${table}_sk#1)`],
    children: [
      {
        name: "ColumnarToRow",
        stage,
        details: [`Input [2]: [${table}_sk#1, ${table}_v#2]`],
        children: [
          {
            name: `Scan parquet spark_catalog.default.${table}`,
            stage: null,
            details: [
              `Output [2]: [${table}_sk#1, ${table}_v#2]`,
              "Batched: true",
              `PushedFilters: [IsNotNull(${table}_sk)]`,
            ],
            children: [],
          },
        ],
      },
    ],
  });
  let tree = scan("fact", 1);
  for (let j = 0; j < joins; j++) {
    const build: WarmNode = {
      name: "BroadcastExchange",
      stage: null,
      details: ["Input [1]: [d_sk#3]", "Arguments: HashedRelationBroadcastMode(List(input[0, int, false]))"],
      children: [
        {
          name: "Project",
          stage: j + 2,
          details: ["Output [1]: [d_sk#3]"],
          children: [scan(`dim${j}`, j + 2)],
        },
      ],
    };
    tree = {
      name: "BroadcastHashJoin",
      stage: 1,
      details: [
        "Left keys [1]: [k#1]",
        "Right keys [1]: [d_sk#3]",
        "Join type: Inner",
        "Join condition: None",
      ],
      children: [tree, build],
    };
  }
  const top = joins + 2;
  tree = {
    name: "HashAggregate",
    stage: top,
    details: ["Keys [1]: [k#1]", "Functions [1]: [sum(v#2)]", "Results [2]: [k#1, sum#9]"],
    children: [
      {
        name: "Exchange",
        stage: null,
        details: ["Arguments: hashpartitioning(k#1, 200), ENSURE_REQUIREMENTS, [plan_id=1]"],
        children: [
          {
            name: "HashAggregate",
            stage: 1,
            details: ["Keys [1]: [k#1]", "Functions [1]: [partial_sum(v#2)]"],
            children: [tree],
          },
        ],
      },
    ],
  };
  const ids = new Map<WarmNode, number>();
  const order: WarmNode[] = [];
  const number = (n: WarmNode) => {
    for (const c of n.children) number(c);
    order.push(n);
    ids.set(n, order.length);
  };
  number(tree);
  const lines = ["== Physical Plan =="];
  const print = (n: WarmNode, lead: string, self: string) => {
    lines.push(`${lead}${self}${n.stage !== null ? "* " : ""}${n.name} (${ids.get(n)})`);
    const next = self === "" ? lead : `${lead}${self === ":- " ? ":  " : "   "}`;
    for (const [i, c] of n.children.entries()) print(c, next, i === n.children.length - 1 ? "+- " : ":- ");
  };
  print(tree, "", "");
  lines.push("", "");
  for (const n of order) {
    lines.push(`(${ids.get(n)}) ${n.name}${n.stage !== null ? ` [codegen id : ${n.stage}]` : ""}`);
    lines.push(...n.details, "");
  }
  return lines.join("\n");
}
