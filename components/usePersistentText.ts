"use client";
/**
 * A text the user typed or pasted, kept in the browser under `key` (see inputStore) so a reload or
 * a crash never loses it. The text is saved from the change itself — not from an effect after
 * rendering — so a text that broke the page is still kept; saves run one at a time, always with
 * the newest text, and large texts are saved once typing pauses.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { loadInput, type SaveResult, saveInput } from "./inputStore";

// Texts above this size are saved once typing pauses, not on every keystroke.
const SAVE_AT_ONCE_BELOW = 256 * 1024;

export function usePersistentText(
  key: string,
  onRestore?: (text: string) => void,
): { text: string; setText: (value: string) => void; saved: SaveResult } {
  const [text, setTextState] = useState("");
  const [saved, setSaved] = useState<SaveResult>("saved");
  const touched = useRef(false);
  const restore = useRef(onRestore);
  restore.current = onRestore;

  useEffect(() => {
    let live = true;
    void loadInput(key).then((stored) => {
      // Whatever the user typed meanwhile wins over the stored text.
      if (!live || !stored || touched.current) return;
      restore.current?.(stored);
      setTextState(stored);
    });
    return () => {
      live = false;
    };
  }, [key]);

  const pending = useRef<string | null>(null);
  const saving = useRef(false);
  const flush = useCallback(async () => {
    if (saving.current) return;
    saving.current = true;
    while (pending.current !== null) {
      const next = pending.current;
      pending.current = null;
      setSaved(await saveInput(next, key));
    }
    saving.current = false;
  }, [key]);

  const timer = useRef<number | undefined>(undefined);
  const setText = useCallback(
    (value: string) => {
      touched.current = true;
      pending.current = value;
      window.clearTimeout(timer.current);
      if (value.length < SAVE_AT_ONCE_BELOW) void flush();
      else timer.current = window.setTimeout(() => void flush(), 300);
      setTextState(value);
    },
    [flush],
  );

  useEffect(() => {
    // Leaving while a large text waits for its save: write it now.
    const leave = () => void flush();
    window.addEventListener("pagehide", leave);
    return () => window.removeEventListener("pagehide", leave);
  }, [flush]);

  return { text, setText, saved };
}
