/**
 * Every warning and error the explain parser can give, by stable code. Messages carry the details
 * of one input (names, ids, line numbers); the code says what kind of thing happened, so tests, the
 * CLI's JSON and the UI key on it and never on wording. (Observable Plot numbers its warnings the
 * same way.) Add a code here before using it; `help` is what the UI shows next to the message.
 */
export const WARNINGS = {
  "unfolded-show": {
    help: "Read as the table show(truncate=False) prints: the plan's line breaks were printed as \\n and were unfolded; line numbers count the unfolded text.",
  },
  "unfolded-json": {
    help: "Read as a JSON string: the plan's line breaks were escaped as \\n and were unfolded; line numbers count the unfolded text.",
  },
  "unfolded-python": {
    help: "Read as a Python string (a shell echoing EXPLAIN's row): escapes were undone; line numbers count the unfolded text.",
  },
  "no-codegen-subtrees": {
    help: "codegen mode found no WholeStageCodegen subtrees. With adaptive execution on, Spark shows the stages only after the query has run: run an action first, then explain.",
  },
  "header-without-tree": {
    help: "A section header (== Physical Plan == ...) is followed by no plan tree: the text was cut or edited after the header.",
  },
  "cut-tree": {
    help: "An operator that needs input has none (or a join has one side): the tree looks cut off below it — a REPL's `+-...`, a copy that stopped early.",
  },
  "cut-last-line": {
    help: "The last operator's line ends inside brackets: the text was cut in the middle of the line.",
  },
  "cut-details": {
    help: "Formatted explain printed its tree but none of its detail blocks: the text looks cut off after the tree.",
  },
  "missing-details": {
    help: "Formatted explain: an operator of the tree has no `(n) Name` detail block; the input may be truncated.",
  },
  "duplicate-details": {
    help: "Formatted explain: two detail blocks carry the same operator id; the second is ignored.",
  },
  "details-without-operator": {
    help: "Formatted explain: a detail block names an operator id that is not in any tree.",
  },
  "unrecognised-operator": {
    help: "A tree line that does not read as a Spark operator; it is kept and drawn as is.",
  },
  "reuse-target-missing": {
    help: "A ReusedExchange / ReusedSubquery points at an operator id that is not in the plan; the reuse link is not drawn.",
  },
  "subquery-host-missing": {
    help: "A `Subquery:n Hosting operator id = m` block names an operator that is not in the plan; the subquery is drawn unattached.",
  },
} as const satisfies Record<string, { readonly help: string }>;

export type WarningCode = keyof typeof WARNINGS;

/** Codes of inputs that hold no plan at all (the parser's `error`). */
export const PARSE_ERRORS = {
  "empty-input": { help: "Nothing was pasted: paste the output of df.explain()." },
  "no-plan": {
    help: 'No "== Physical Plan ==" header and no tree with "+- " lines were found.',
  },
  "truncated-show": {
    help: "The output of show() cuts every value to 20 characters, so the plan is not in it: use show(truncate=False) or df.explain().",
  },
} as const satisfies Record<string, { readonly help: string }>;

export type ParseErrorCode = keyof typeof PARSE_ERRORS;

export function isWarningCode(code: string): code is WarningCode {
  return Object.hasOwn(WARNINGS, code);
}
