/** Positions computed by the layout, kept apart from the Plan and keyed by node id. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface PositionedNode extends Box {
  readonly id: string;
  /** Set on a box standing in for a collapsed stage or subtree; its text is `lines`. */
  readonly group?: LayoutNodeInput["group"];
  readonly lines?: readonly string[];
  /** Set on an operator drawn as one line of a compact codegen-stage card: the card's id. */
  readonly card?: string;
  /** Compact view: the operator's box is one line (name, argument, main metric). */
  readonly compact?: boolean;
}

/**
 * Compact view: a whole-stage-codegen stage drawn as one card listing its operators one line each
 * (input first, as data flows down). The operators keep their own boxes (`PositionedNode` with
 * `card`): one line of the card each.
 */
export interface PositionedCard extends Box {
  readonly id: string;
  /** The codegen cluster the card stands for. */
  readonly cluster: string;
  readonly stage: number;
  readonly members: readonly string[];
}

/**
 * A whole-stage-codegen stage drawn around its members. The layout is flat (members are laid out
 * like any other node), so the stage's shape is the union of `outline` rectangles: each member
 * box padded, plus bridges along the edges between members. Its bounding box is `x/y/width/height`.
 */
export interface PositionedCluster extends Box {
  readonly id: string;
  readonly stage: number;
  readonly outline: readonly Box[];
  /** Where the stage's label sits: above its top-most member. */
  readonly labelX: number;
  readonly labelY: number;
}

export type EdgeKind = "child" | "subquery" | "reuse";

export interface PositionedEdge {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
  /** Polyline through the bend points, start and end included. */
  readonly points: readonly (readonly [number, number])[];
  /** Both ends are lines of the same card: nothing is drawn, the edge is kept for navigation. */
  readonly internal?: boolean;
  /** Text drawn on the edge (rows, bytes) and where ELK placed it (room reserved, no overlap). */
  readonly label?: { readonly text: string; readonly x: number; readonly y: number };
}

export interface GraphLayout {
  readonly nodes: readonly PositionedNode[];
  readonly clusters: readonly PositionedCluster[];
  readonly edges: readonly PositionedEdge[];
  readonly cards: readonly PositionedCard[];
  readonly width: number;
  readonly height: number;
}

/**
 * One box to lay out. `group` marks a collapsed codegen stage or subtree standing in for its
 * `members` (ids of plan nodes); plain operators have no `group`.
 */
export interface LayoutNodeInput {
  readonly id: string;
  readonly lines: readonly string[];
  readonly group?: { readonly kind: "stage" | "subtree"; readonly members: readonly string[] };
  /**
   * A compact codegen-stage card: `lines` are its header then one line per member (in `members`
   * order); edges still name the member operators (`cardOf` maps them to this box for ELK).
   */
  readonly card?: { readonly cluster: string; readonly stage: number; readonly members: readonly string[] };
  /** Compact view: one line (name, argument, note), `lines[0]`. */
  readonly compact?: boolean;
}

/** What the layout needs: the node labels (for sizes), the edges and the codegen clusters. */
export interface LayoutInput {
  readonly nodes: readonly LayoutNodeInput[];
  readonly edges: readonly {
    readonly from: string;
    readonly to: string;
    readonly kind: EdgeKind;
    /** Drawn on the edge; ELK reserves its room. */
    readonly label?: string;
  }[];
  /** Operators drawn as a line of a card → the card's box id. */
  readonly cardOf?: Readonly<Record<string, string>>;
  readonly clusters: readonly {
    readonly id: string;
    readonly stage: number;
    readonly nodeIds: readonly string[];
  }[];
}
