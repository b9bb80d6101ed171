/**
 * Delete keys live only in the creator's browser (localStorage), keyed by plan id. Whoever holds
 * the key can delete the plan; nobody else sees a delete button.
 */
const STORAGE_KEY = "plansight:deleteKeys";

function readAll(): Record<string, string> {
  try {
    const raw = window.localStorage.getItem(STORAGE_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return {};
    return Object.fromEntries(
      Object.entries(parsed as Record<string, unknown>).filter(
        (e): e is [string, string] => typeof e[1] === "string",
      ),
    );
  } catch {
    return {};
  }
}

/** False when the browser would not store it (storage full or disabled): the caller shows the key. */
export function rememberDeleteKey(id: string, key: string): boolean {
  try {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify({ ...readAll(), [id]: key }));
    return true;
  } catch {
    return false;
  }
}

export function deleteKeyFor(id: string): string | null {
  return readAll()[id] ?? null;
}

export function forgetDeleteKey(id: string): void {
  const all = readAll();
  delete all[id];
  try {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify(all));
  } catch {
    // Nothing to keep: the plan is gone either way.
  }
}
