/**
 * The permalink store: one interface, two implementations (sqlite.ts, the embedded default, and
 * postgres.ts for several stateless app instances sharing one database).
 *
 * Plan text is stored once per distinct content (keyed by its SHA-256) and each share is its own
 * row with its own random id and hashed delete key, so two people sharing the same plan get two
 * independent links and deleting one never affects the other. The content row goes when its last
 * share is deleted, so a deleted plan is really gone.
 */

/** What a reader of a permalink gets. */
export interface SharedPlan {
  readonly id: string;
  readonly text: string;
  readonly title: string | null;
  /** ISO 8601, UTC. */
  readonly createdAt: string;
}

export interface NewPlan {
  readonly text: string;
  readonly title?: string | null;
}

/** What the creator gets once: the delete key is never stored or shown again. */
export interface CreatedPlan {
  readonly id: string;
  readonly deleteKey: string;
  readonly createdAt: string;
}

/** `missing` covers never-existed and already-deleted alike: callers answer both with 404. */
export type DeleteOutcome = "deleted" | "forbidden" | "missing";

export interface PlanStore {
  readonly kind: "sqlite" | "postgres";
  create(plan: NewPlan): Promise<CreatedPlan>;
  get(id: string): Promise<SharedPlan | null>;
  delete(id: string, deleteKey: string): Promise<DeleteOutcome>;
  close(): Promise<void>;
}

/** A schema step. Applied in order, each once, recorded in `schema_migrations`. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}
