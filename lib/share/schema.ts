/** The shapes that cross the HTTP boundary (Zod: the body is untrusted, the responses are typed). */
import { z } from "@/lib/zod";
import { MAX_TITLE_CHARS } from "./config";

export const CreatePlanBody = z.object({
  text: z
    .string({ error: "`text` must be a string." })
    .refine((s) => s.trim().length > 0, { message: "`text` must not be empty." }),
  title: z
    .string({ error: "`title` must be a string." })
    .max(MAX_TITLE_CHARS, { message: `\`title\` must be at most ${MAX_TITLE_CHARS} characters.` })
    .transform((s) => s.trim() || null)
    .nullish(),
});
export type CreatePlanBody = z.infer<typeof CreatePlanBody>;

export const CreatedPlanResponse = z.object({
  id: z.string(),
  url: z.string(),
  deleteKey: z.string(),
});
export type CreatedPlanResponse = z.infer<typeof CreatedPlanResponse>;

export const SharedPlanResponse = z.object({
  id: z.string(),
  text: z.string(),
  title: z.string().nullable(),
  createdAt: z.string(),
});
export type SharedPlanResponse = z.infer<typeof SharedPlanResponse>;

export const ErrorResponse = z.object({ error: z.string() });
