/** Every rule, in the order their findings are listed within a severity. */
import { broadcastRule } from "./rules/broadcast";
import { cartesianRule } from "./rules/cartesian";
import { codegenFallbackRule } from "./rules/codegen-fallback";
import { collectLimitRule } from "./rules/collect-limit";
import { engineFallbackRule } from "./rules/engine-fallback";
import { missedPushdownRule } from "./rules/missed-pushdown";
import { pythonUdfRule } from "./rules/python-udf";
import { shuffleRule } from "./rules/shuffle";
import { skewRule } from "./rules/skew";
import { smallFilesRule } from "./rules/small-files";
import { spillRule } from "./rules/spill";
import { windowSinglePartitionRule } from "./rules/window-single-partition";
import type { Rule } from "./types";

export const RULES = [
  skewRule,
  cartesianRule,
  missedPushdownRule,
  broadcastRule,
  spillRule,
  smallFilesRule,
  windowSinglePartitionRule,
  pythonUdfRule,
  collectLimitRule,
  engineFallbackRule,
  codegenFallbackRule,
  shuffleRule,
] as const satisfies readonly Rule<string>[];

/** Every rule's id, from the list above: adding a rule adds its id. */
export type RuleId = (typeof RULES)[number]["id"];
