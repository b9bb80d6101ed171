"use client";
import { useEffect, useState } from "react";

type Theme = "system" | "light" | "dark";
const KEY = "plansight:theme";
const NEXT: Record<Theme, Theme> = { system: "light", light: "dark", dark: "system" };

/** Follows the system theme until the user picks one; the choice sets <html data-theme>. */
export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme>("system");
  useEffect(() => {
    const saved = window.localStorage.getItem(KEY);
    if (saved === "light" || saved === "dark") setTheme(saved);
  }, []);
  useEffect(() => {
    const root = document.documentElement;
    if (theme === "system") delete root.dataset.theme;
    else root.dataset.theme = theme;
    try {
      window.localStorage.setItem(KEY, theme);
    } catch {
      // Storage full or disabled: the choice lasts for this page only.
    }
  }, [theme]);
  return (
    <button
      type="button"
      data-testid="theme-toggle"
      onClick={() => setTheme(NEXT[theme])}
      className="rounded border border-line px-2 py-1 text-xs hover:border-accent"
      title="Switch theme"
    >
      Theme: {theme}
    </button>
  );
}
