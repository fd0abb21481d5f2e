import { z } from 'zod';

export const LOOP_SCHEMA = 'takehome.loop/v1';
export { LOOP_FILE } from './find';

const candidateId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'a candidate id is letters, digits, ".", "_" or "-" (at most 64), starting with a letter or digit');
const name = z.string().trim().min(1).max(64);

function unique(list: readonly string[], ctx: z.RefinementCtx, what: string): void {
  const seen = new Set<string>();
  list.forEach((item, i) => {
    if (seen.has(item)) ctx.addIssue({ code: 'custom', path: [i], message: `${what} "${item}" is listed twice` });
    seen.add(item);
  });
}

/**
 * A hiring loop: which exercises, which candidates and interviewers, and where
 * the secret is. The folders (kits/, submissions/, results/, reviews/) sit
 * beside the file; every path in it is relative to the file's folder.
 */
export const loopSchema = z.strictObject({
  schema: z.literal(LOOP_SCHEMA),
  name: name.optional(),
  exercises: z
    .array(z.string().regex(/^[a-z][a-z0-9-]{0,31}$/))
    .min(1)
    .superRefine((l, ctx) => unique(l, ctx, 'exercise')),
  candidates: z.array(candidateId).superRefine((l, ctx) => unique(l, ctx, 'candidate')),
  interviewers: z.array(name).superRefine((l, ctx) => unique(l, ctx, 'interviewer')),
  /** The file holding the secret (created 0600 by `loop init`), relative to the loop folder or absolute. */
  secretFile: z.string().min(1),
});

export type LoopConfig = z.infer<typeof loopSchema>;
