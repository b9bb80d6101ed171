/** Which class a printed conjunct falls in, and the rewrite offered, on conditions as Spark prints them. */
import { describe, expect, it } from "vitest";
import { CLASS_OF, causeOf, rewriteFor } from "./pushdown";

const none = new Set<string>();
const part = new Set(["part"]);

describe("causeOf", () => {
  it.each([
    ["(customer_id#22 % 2) = 0", none, "arithmetic", "unpushable"],
    ["pmod(customer_id#22, 7) = 0", none, "arithmetic", "unpushable"],
    ["amount#24 > (discount#25 * 100.0)", none, "column-compare", "unpushable"],
    ["rand(7) < 0.1", none, "non-deterministic", "unpushable"],
    ["amount#24 > scalar-subquery#40 []", none, "subquery", "unpushable"],
    ["cast(code#27 as int) = 5", none, "cast", "rewrite"],
    ["StartsWith(cast(amount#24 as string), 1)", none, "cast", "rewrite"],
    ["year(order_date#26) = 2024", none, "function", "rewrite"],
    ["pythonUDF0#9 = big", none, "udf", "rewrite"],
    ["UDF(part#5) = 2024", part, "partition", "rewrite"],
    ["part#5 = 2024", part, "partition", "rewrite"],
    ["amount#24 > 900.0", none, "not-accepted", "not-accepted"],
    // A minus inside a string literal or a date is not arithmetic.
    ["name#30 = 'a - b'", none, "not-accepted", "not-accepted"],
    ["order_date#26 >= 2024-01-01", none, "not-accepted", "not-accepted"],
  ] as const)("%s → %s", (conjunct, cols, cause, cls) => {
    const c = causeOf(conjunct, cols);
    expect([c, CLASS_OF[c]]).toEqual([cause, cls]);
  });
});

describe("rewriteFor", () => {
  const types = new Map([
    ["code", "string"],
    ["customer_id", "int"],
    ["amount", "double"],
    ["order_date", "date"],
  ]);
  it("compares a string column as a string", () => {
    expect(rewriteFor("cast", "cast(code#27 as int) = 5", types)).toContain("`code = '5'`");
  });
  it("drops a cast of a number to text when the literal fits the column", () => {
    expect(rewriteFor("cast", "cast(customer_id#22 as string) = 42", types)).toContain("`customer_id = 42`");
  });
  it("turns year(d) = y into a date range", () => {
    expect(rewriteFor("function", "year(order_date#26) = 2024", types)).toContain(
      "`order_date >= '2024-01-01' AND order_date < '2025-01-01'`",
    );
  });
  it("says a prefix test on a number's text has no exact pushable form, and what to write", () => {
    expect(rewriteFor("cast", "StartsWith(cast(amount#24 as string), 1)", types)).toContain(
      "write the range you mean on amount itself",
    );
  });
});
