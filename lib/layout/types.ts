/** Positions computed by the layout, kept apart from the Plan and keyed by node id. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface PositionedNode extends Box {
  readonly id: string;
}

export interface PositionedCluster extends Box {
  readonly id: string;
  readonly stage: number;
}

export interface PositionedEdge {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly kind: "child" | "subquery" | "reuse";
  /** Polyline through the bend points, start and end included. */
  readonly points: readonly (readonly [number, number])[];
}

export interface GraphLayout {
  readonly nodes: readonly PositionedNode[];
  readonly clusters: readonly PositionedCluster[];
  readonly edges: readonly PositionedEdge[];
  readonly width: number;
  readonly height: number;
}

/** What the layout needs: the node labels (for sizes), the edges and the codegen clusters. */
export interface LayoutInput {
  readonly nodes: readonly { readonly id: string; readonly lines: readonly string[] }[];
  readonly edges: readonly {
    readonly from: string;
    readonly to: string;
    readonly kind: PositionedEdge["kind"];
  }[];
  readonly clusters: readonly {
    readonly id: string;
    readonly stage: number;
    readonly nodeIds: readonly string[];
  }[];
}
