/** Sample plans offered on the home page; the files live in public/samples/. */
export interface Sample {
  readonly id: string;
  readonly label: string;
  readonly file: string;
}

export const SAMPLES: readonly Sample[] = [
  {
    id: "formatted",
    label: "Formatted: broadcast join + DPP subquery",
    file: "/samples/formatted-broadcast-join.txt",
  },
  { id: "aqe", label: "Simple: AQE sort-merge join", file: "/samples/simple-aqe-sort-merge-join.txt" },
  { id: "extended", label: "Extended: filter on a cast column", file: "/samples/extended-filter-cast.txt" },
];
