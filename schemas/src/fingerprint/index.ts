import { z } from 'zod';
import { DISARM_TECHNIQUE_IDS } from './disarm-ids.js';

export { DISARM_TECHNIQUE_IDS } from './disarm-ids.js';

/** TLP 2.0 labels, lowest to highest restriction. */
export const TLP_LEVELS = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;
export const tlpSchema = z.enum(TLP_LEVELS);
export type Tlp = z.infer<typeof tlpSchema>;

export const fingerprintStatusSchema = z.enum(['draft', 'active', 'retired']);
export type FingerprintStatus = z.infer<typeof fingerprintStatusSchema>;

/** ISO 639-3 codes (three lowercase letters); `lav`, `est`, `cmn` are canonical. */
export const iso6393Schema = z.string().regex(/^[a-z]{3}$/, 'must be an ISO 639-3 code such as "rus", "lav", "jpn"');

const weightSchema = z.number().positive().max(10);

export const fingerprintTermSchema = z.object({
  /** A word; a trailing `*` makes it a prefix term (Latvian and Slavic inflection). */
  t: z.string().trim().min(1).max(100)
    .refine((t) => !t.slice(0, -1).includes('*'), { message: 'only a trailing "*" is allowed (it makes a prefix term)' })
    .refine((t) => /[\p{L}\p{N}]/u.test(t), { message: 'needs at least one letter or digit' }),
  w: weightSchema.default(1),
});

export const fingerprintPhraseSchema = z.object({
  /** Matched as a sequence of tokens after the language's analysis. */
  p: z.string().trim().min(1).max(300)
    .refine((p) => /[\p{L}\p{N}]/u.test(p), { message: 'needs at least one letter or digit' }),
  w: weightSchema.default(2),
});

export const fingerprintLanguageBlockSchema = z.object({
  terms: z.array(fingerprintTermSchema).default([]),
  phrases: z.array(fingerprintPhraseSchema).default([]),
  /** An item containing any of these is never flagged for this narrative (debunks, satire markers...). */
  exclude: z.array(z.string().trim().min(1)).default([]),
}).refine((b) => b.terms.length + b.phrases.length > 0, { message: 'a language block needs at least one term or phrase' });

export const fingerprintEntitySchema = z.object({
  /**
   * Names, hashtags (#...), domains: matched case-insensitively, language-neutral. A name word of
   * 4+ letters also matches its case forms in inflecting languages (up to 3 more letters, or the
   * same stem in Russian, Ukrainian and Latvian); a trailing `*` makes the name's last word a prefix.
   */
  e: z.string().trim().min(2).max(200),
  kind: z.enum(['name', 'hashtag', 'domain']).default('name'),
  w: weightSchema.default(1),
}).superRefine((x, ctx) => {
  if (!x.e.includes('*')) return;
  // A prefix is a name's last word with at least 3 letters: "Z*" would match half the text.
  const ok = x.kind === 'name' && x.e.endsWith('*') && !x.e.slice(0, -1).includes('*') && /\p{L}{3,}$/u.test(x.e.slice(0, -1));
  if (!ok) ctx.addIssue({ code: 'custom', path: ['e'], message: 'a "*" is allowed only at the end of a name, after at least 3 letters (it makes a prefix)' });
});

export const fingerprintMatchSchema = z.object({
  /** Minimum weighted score (sum of matched term weights x rarity). */
  minScore: z.number().min(0).default(3),
  /** Minimum share (0..1) of the block's total weight that must be matched. */
  minCoverage: z.number().min(0).max(1).default(0.15),
  /** Minimum number of distinct matched terms/phrases/entities. */
  minTerms: z.number().int().min(1).default(2),
});

export const localizedTextSchema = z.record(iso6393Schema, z.string().min(1));

const disarmIds = new Set(DISARM_TECHNIQUE_IDS);
export const disarmIdSchema = z.string()
  .regex(/^T\d{4}(\.\d{3})?$/, 'must be a DISARM technique id such as "T0022" or "T0022.001"')
  .refine((id) => disarmIds.has(id), { message: 'is not a DISARM Red framework technique id' });

export const fingerprintSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,79}$/, 'must be a lowercase slug (a-z, 0-9, -), 2-80 characters'),
  version: z.number().int().min(1).default(1),
  status: fingerprintStatusSchema.default('draft'),
  title: localizedTextSchema.refine((t) => Object.keys(t).length > 0, { message: 'needs a title in at least one language' }),
  summary: localizedTextSchema.default({}),
  languages: z.record(iso6393Schema, fingerprintLanguageBlockSchema)
    .refine((l) => Object.keys(l).length > 0, { message: 'needs at least one language block' }),
  entities: z.array(fingerprintEntitySchema).default([]),
  exemplars: z.array(z.object({ text: z.string().min(1), language: iso6393Schema.optional(), url: z.string().url().optional() })).default([]),
  match: fingerprintMatchSchema.default({ minScore: 3, minCoverage: 0.15, minTerms: 2 }),
  disarm: z.array(disarmIdSchema).default([]),
  tlp: tlpSchema.default('green'),
  tags: z.array(z.string().min(1)).default([]),
  refs: z.array(z.string().url()).default([]),
  provenance: z.object({
    author: z.string().optional(),
    source: z.string().optional(),
    created: z.string().optional(),
    note: z.string().optional(),
  }).default({}),
});

export type Fingerprint = z.infer<typeof fingerprintSchema>;
export type FingerprintInput = z.input<typeof fingerprintSchema>;
export type FingerprintLanguageBlock = z.infer<typeof fingerprintLanguageBlockSchema>;
