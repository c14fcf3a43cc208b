import { fingerprintSchema } from '@narmon/schemas';
import { LearnError, learnFingerprint } from '@narmon/shared/narratives/learn';
import type { ApiDeps } from '../deps.js';
import { HttpProblem } from '../http/problem.js';

export interface LearnRequest {
  id: string;
  title: string;
  examples: Array<string | { text: string; language?: string }>;
  background?: Array<string | { text: string; language?: string }>;
  maxTerms?: number;
  maxPhrases?: number;
}

const asExample = (x: string | { text: string; language?: string }) => (typeof x === 'string' ? { text: x } : x);

/** A draft fingerprint from examples through the matching issue's learner; nothing is stored. */
export function learnDraft(deps: ApiDeps, body: LearnRequest): { draft: Record<string, unknown> } {
  try {
    const draft = learnFingerprint({
      id: body.id,
      title: body.title,
      examples: body.examples.map(asExample),
      background: body.background?.map(asExample),
      maxTerms: body.maxTerms,
      maxPhrases: body.maxPhrases,
      detectLanguage: (text) => deps.languageDetector.detect(text).language ?? 'und',
      now: deps.now?.(),
    });
    // Defaults applied, so the analyst sees the document exactly as it would be stored.
    return { draft: fingerprintSchema.parse(draft) as unknown as Record<string, unknown> };
  } catch (err) {
    if (err instanceof LearnError) throw new HttpProblem(422, 'Cannot learn', err.message);
    throw err;
  }
}
