import { describe, expect, it } from "vitest";
import { parseExplain } from "@/lib/parse/explain";
import { redactPlan } from "./redact";

const ALL = { literals: true, locations: true, names: true };

const formatted = `== Physical Plan ==
* Project (4)
+- * BroadcastHashJoin Inner BuildRight (3)
   :- * Filter (1)
   :  +- Scan parquet spark_catalog.sales_db.sales (0)
   +- Scan parquet spark_catalog.sales_db.stores (2)


(0) Scan parquet spark_catalog.sales_db.sales
Output [3]: [store_id#13, amount#14L, sold_at#15]
Batched: true
Location: InMemoryFileIndex [s3a://acme-private-bucket/warehouse/sales, /mnt/secret/sales]
PartitionFilters: [isnotnull(sold_at#15), (sold_at#15 >= 2024-01-01)]
PushedFilters: [IsNotNull(amount), GreaterThan(amount,100), EqualTo(city,New York)]
ReadSchema: struct<store_id:int,amount:bigint,city:string>

(1) Filter [codegen id : 1]
Input [3]: [store_id#13, amount#14L, sold_at#15]
Condition : ((isnotnull(amount#14L) AND (amount#14L > 100)) AND (city#16 = New York))

(2) Scan parquet spark_catalog.sales_db.stores
Output [1]: [store_id#20]
Location: InMemoryFileIndex [hdfs://namenode.corp:8020/user/alice/stores]

(3) BroadcastHashJoin [codegen id : 1]
Left keys [1]: [store_id#13]
Right keys [1]: [store_id#20]
Join type: Inner
Join condition: (amount#14L > 2.5E3)

(4) Project [codegen id : 1]
Output [2]: [store_id#13, amount#14L]
Input [3]: [store_id#13, amount#14L, store_id#20]
`;

const simple = `== Physical Plan ==
*(2) Project [name#1, total#9L]
+- *(2) BroadcastHashJoin [id#2], [cust_id#7], Inner, BuildRight, (total#9L > 42), false
   :- *(2) Filter (isnotnull(name#1) AND (name#1 = Alice))
   :  +- FileScan parquet crm.customers[name#1,id#2] Batched: true, DataFilters: [isnotnull(name#1), (name#1 = Alice)], Format: Parquet, Location: InMemoryFileIndex(1 paths)[file:/home/alice/crm/customers], PartitionFilters: [], PushedFilters: [IsNotNull(name), EqualTo(name,Alice)], ReadSchema: struct<name:string,id:int>
   +- BroadcastExchange HashedRelationBroadcastMode(List(input[0, int, true]),false), [plan_id=12]
      +- *(1) Filter (total#9L > 42)
         +- *(1) ColumnarToRow
            +- FileScan parquet crm.orders[cust_id#7,total#9L] Batched: true, DataFilters: [], Format: Parquet, Location: InMemoryFileIndex(1 paths)[file:/home/alice/crm/orders], PartitionFilters: [], PushedFilters: [GreaterThan(total,42)], ReadSchema: struct<cust_id:int,total:bigint>
`;

function shape(text: string) {
  const out = parseExplain(text);
  if (!out.ok) return null;
  return out.result.plans.map((p) => ({
    mode: p.mode,
    nodes: p.nodes.map((n) => `${n.name}|${n.operatorId}|${n.section}|${n.codegenStage}`),
    edges: p.edges.map((e) => `${e.from}>${e.to}:${e.kind}`),
    clusters: p.clusters.length,
  }));
}

describe("redactPlan", () => {
  it("does nothing when nothing is asked for", () => {
    expect(redactPlan(formatted, { literals: false, locations: false, names: false }).text).toBe(formatted);
  });

  it("replaces names, literals and locations in a formatted plan, keeping the graph", () => {
    const r = redactPlan(formatted, ALL);
    for (const secret of [
      "sales",
      "stores",
      "sales_db",
      "amount",
      "city",
      "acme",
      "alice",
      "namenode",
      "2024",
      "New York",
      "100",
      "secret",
    ]) {
      expect(r.text, secret).not.toContain(secret);
    }
    expect(r.text).toContain("Scan parquet spark_catalog.db_1.table_1 (0)");
    expect(r.text).toContain("(0) Scan parquet spark_catalog.db_1.table_1\n");
    expect(r.text).toMatch(/Output \[3\]: \[col_1#13, col_2#14L, col_3#15\]/);
    expect(r.text).toContain("ReadSchema: struct<col_1:int,col_2:bigint,col_4:string>");
    expect(r.text).toContain(
      "PushedFilters: [IsNotNull(col_2), GreaterThan(col_2,num_1), EqualTo(col_4,str_1)]",
    );
    expect(r.text).toContain(
      "Condition : ((isnotnull(col_2#14L) AND (col_2#14L > num_1)) AND (col_4#16 = str_1))",
    );
    expect(r.text).toContain("(col_3#15 >= date_1)");
    expect(r.text).toContain("Location: InMemoryFileIndex [s3a://host_1/path_1, /path_2]");
    expect(r.text).toContain("Location: InMemoryFileIndex [hdfs://host_2/path_3]");
    expect(r.text).toContain("Join type: Inner");
    expect(r.text).toContain("Join condition: (col_2#14L > num_2)");
    expect(r.text).toContain("Batched: true");
    expect(r.text.split("\n").length).toBe(formatted.split("\n").length);
    expect(shape(r.text)).toEqual(shape(formatted));
    expect(r.replacements).toContainEqual({ kind: "column", from: "amount", to: "col_2" });
    expect(r.replacements).toContainEqual({ kind: "literal", from: "New York", to: "str_1" });
  });

  it("handles simple-mode scans with inline filters and locations", () => {
    const r = redactPlan(simple, ALL);
    for (const secret of ["crm", "customers", "orders", "Alice", "alice", "total", "cust_id", "42"]) {
      expect(r.text, secret).not.toContain(secret);
    }
    expect(r.text).toContain("FileScan parquet db_1.table_1[col_1#1,col_3#2]");
    expect(r.text).toContain("Location: InMemoryFileIndex(1 paths)[file:/path_1]");
    expect(r.text).toContain("Filter (isnotnull(col_1#1) AND (col_1#1 = str_1))");
    expect(r.text).toContain("[col_3#2], [col_4#7], Inner, BuildRight, (col_2#9L > num_1), false");
    expect(r.text).toContain("PushedFilters: [IsNotNull(col_1), EqualTo(col_1,str_1)]");
    expect(r.text).toContain("HashedRelationBroadcastMode(List(input[0, int, true]),false), [plan_id=12]");
    expect(shape(r.text)).toEqual(shape(simple));
  });

  it("each option works on its own", () => {
    const lit = redactPlan(formatted, { literals: true, locations: false, names: false }).text;
    expect(lit).toContain("(amount#14L > num_1)");
    expect(lit).toContain("s3a://acme-private-bucket");
    const loc = redactPlan(formatted, { literals: false, locations: true, names: false }).text;
    expect(loc).toContain("(amount#14L > 100)");
    expect(loc).not.toContain("acme");
    const nam = redactPlan(formatted, { literals: false, locations: false, names: true }).text;
    expect(nam).toContain("(col_2#14L > 100)");
    expect(nam).toContain("EqualTo(col_4,New York)");
  });

  it("never produces a pseudonym that already names something in the plan", () => {
    const text = formatted.replaceAll("store_id", "col_1");
    const r = redactPlan(text, ALL);
    const fromCol1 = r.replacements.find((x) => x.from === "col_1");
    expect(fromCol1?.to).not.toBe("col_1");
    expect(new Set(r.replacements.filter((x) => x.kind === "column").map((x) => x.to)).size).toBe(
      r.replacements.filter((x) => x.kind === "column").length,
    );
  });
});
