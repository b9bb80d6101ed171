/**
 * Keeps what the user pasted across reloads and crashes. localStorage holds a few MB per origin
 * (Chromium: 5 MB of UTF-16); a larger paste goes to IndexedDB instead, and a marker in
 * localStorage says where it is. Nothing here throws: when neither store takes the text the
 * caller is told, so the page can say so instead of failing.
 */
/** The home page's text; other pages keep theirs under their own keys. */
export const HOME_INPUT = "plansight:input";
const DB = "plansight";
const STORE = "input";

export type SaveResult = "saved" | "not-saved";

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function idb<T>(mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDb();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const req = run(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

const inIdb = (key: string) => `${key}-in-idb`;

/** The text saved last time under `key`, or null. */
export async function loadInput(key = HOME_INPUT): Promise<string | null> {
  try {
    if (window.localStorage.getItem(inIdb(key)) === "1") {
      const value = await idb("readonly", (s) => s.get(key) as IDBRequest<unknown>);
      return typeof value === "string" ? value : null;
    }
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

/**
 * Saves the text where it fits. Synchronous (localStorage) when it can be, so a save made as the
 * page goes away still lands; IndexedDB for what localStorage refuses.
 */
export async function saveInput(text: string, key = HOME_INPUT): Promise<SaveResult> {
  try {
    window.localStorage.setItem(key, text);
    if (window.localStorage.getItem(inIdb(key)) === "1") {
      window.localStorage.removeItem(inIdb(key));
      void idb("readwrite", (s) => s.delete(key)).catch(() => undefined);
    }
    return "saved";
  } catch {
    // Over the quota (or storage disabled): keep the text in IndexedDB.
  }
  try {
    window.localStorage.removeItem(key);
    await idb("readwrite", (s) => s.put(text, key));
    window.localStorage.setItem(inIdb(key), "1");
    return "saved";
  } catch {
    return "not-saved";
  }
}
