import { z } from 'zod';

export const RUBRIC_SCHEMA = 'takehome.rubric/v1';

/** The four levels every criterion uses: 1 strong no, 2 no, 3 yes, 4 strong yes. */
export const LEVELS = [1, 2, 3, 4] as const;
export type Level = (typeof LEVELS)[number];

const descriptors = z.strictObject({
  1: z.string({ error: 'describe level 1 (strong no)' }).trim().min(1, 'describe level 1 (strong no)'),
  2: z.string({ error: 'describe level 2 (no)' }).trim().min(1, 'describe level 2 (no)'),
  3: z.string({ error: 'describe level 3 (yes)' }).trim().min(1, 'describe level 3 (yes)'),
  4: z.string({ error: 'describe level 4 (strong yes)' }).trim().min(1, 'describe level 4 (strong yes)'),
});

/** A flag (of any severity) that caps a criterion's level whatever the metric says. */
const cap = z.strictObject({
  flag: z.string().min(1),
  maxLevel: z.union([z.literal(1), z.literal(2), z.literal(3)]),
});

/**
 * An automatic level from one scorecard metric: level 1 plus one for each of
 * the three thresholds the value reaches (at least it when higher is better,
 * at most it when lower is better). `relativeToReference` divides the value by
 * the reference submission's value on the same variant first, so an easier
 * variant does not lift a candidate (higher-is-better metrics only).
 */
const auto = z
  .strictObject({
    metric: z.string().min(1),
    better: z.enum(['higher', 'lower']),
    thresholds: z.tuple([z.number(), z.number(), z.number()]),
    relativeToReference: z.boolean().default(false),
    caps: z.array(cap).default([]),
  })
  .superRefine((a, ctx) => {
    const [t2, t3, t4] = a.thresholds;
    const ordered = a.better === 'higher' ? t2 < t3 && t3 < t4 : t2 > t3 && t3 > t4;
    if (!ordered) ctx.addIssue({ code: 'custom', path: ['thresholds'], message: `thresholds for levels 2, 3, 4 must ${a.better === 'higher' ? 'increase' : 'decrease'} (better: ${a.better})` });
    if (a.relativeToReference && a.better === 'lower')
      ctx.addIssue({ code: 'custom', path: ['relativeToReference'], message: 'only a higher-is-better metric can be taken relative to the reference' });
  });

export const criterionSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'an id is lower-case letters, digits and dashes'),
    title: z.string().trim().min(1),
    weight: z.number().positive('a weight is a positive share of the total'),
    levels: descriptors,
    auto: auto.optional(),
    manual: z.literal(true).optional(),
    /** What the interviewer looks at, for a manual criterion. */
    guidance: z.string().trim().min(1).optional(),
    /** Scorecard metrics and items `takehome review` shows beside a manual criterion (the automatic evidence it rests on). */
    evidence: z
      .strictObject({
        metrics: z.array(z.string().min(1)).default([]),
        items: z.array(z.string().min(1)).default([]),
      })
      .optional(),
    /** Public: shown to the candidate in the brief (the default), or interviewers only. */
    public: z.boolean().default(true),
  })
  .superRefine((c, ctx) => {
    // Both: the automatic level is evidence and stands until an interviewer reviews the criterion; then the reviewers' levels decide.
    if (c.auto === undefined && c.manual === undefined) ctx.addIssue({ code: 'custom', path: [], message: 'a criterion is automatic (auto: ...), manual (manual: true), or both' });
    if (c.manual && !c.guidance) ctx.addIssue({ code: 'custom', path: ['guidance'], message: 'a manual criterion needs guidance for the interviewer' });
  });

export const rubricSchema = z
  .strictObject({
    schema: z.literal(RUBRIC_SCHEMA),
    exercise: z.string().min(1),
    criteria: z.array(criterionSchema).min(1),
  })
  .superRefine((r, ctx) => {
    const total = r.criteria.reduce((sum, c) => sum + c.weight, 0);
    if (Math.abs(total - 1) > 1e-9) ctx.addIssue({ code: 'custom', path: ['criteria'], message: `the weights sum to ${Number(total.toFixed(6))}, not 1` });
    const seen = new Set<string>();
    r.criteria.forEach((c, i) => {
      if (seen.has(c.id)) ctx.addIssue({ code: 'custom', path: ['criteria', i, 'id'], message: `duplicate criterion id "${c.id}"` });
      seen.add(c.id);
    });
  });

export type Rubric = z.infer<typeof rubricSchema>;
export type Criterion = z.infer<typeof criterionSchema>;
export type AutoMapping = NonNullable<Criterion['auto']>;
