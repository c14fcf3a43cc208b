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
export async function learnDraft(deps: ApiDeps, body: LearnRequest): Promise<{ draft: Record<string, unknown> }> {
  const examples = body.examples.map(asExample);
  const background = body.background?.map(asExample);
  // The detector (and its n-gram database) is loaded only when some text comes without a language.
  const needsDetection = [...examples, ...(background ?? [])].some((x) => !x.language);
  const detector = needsDetection ? await deps.languageDetector().catch((err: Error) => {
    throw new HttpProblem(503, 'Language detection unavailable', `give each text a "language", or fix the configuration: ${err.message}`);
  }) : null;
  const live = deps.matcherIndex();
  try {
    const draft = learnFingerprint({
      id: body.id,
      title: body.title,
      examples,
      background,
      maxTerms: body.maxTerms,
      maxPhrases: body.maxPhrases,
      // Thresholds fit the library the draft would join (its terms' rarity there); the live
      // index's analyzers bring warm stem caches to that calibration index.
      library: live.fingerprints,
      analyzers: live.analyzers,
      detectLanguage: (text) => detector?.detect(text).language ?? 'und',
      now: deps.now?.(),
    });
    // Defaults applied, so the analyst sees the document exactly as it would be stored.
    return { draft: fingerprintSchema.parse(draft) as unknown as Record<string, unknown> };
  } catch (err) {
    if (err instanceof LearnError) throw new HttpProblem(422, 'Cannot learn', err.message);
    throw err;
  }
}
