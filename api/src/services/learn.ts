import type { ApiDeps } from '../deps.js';
import { HttpProblem } from '../http/problem.js';

export interface LearnRequest {
  id?: string;
  language?: string;
  examples: Array<string | { text: string; language?: string }>;
  counterExamples?: string[];
}

// The learner belongs to the matching issue (shared/src/narratives/learn). It is loaded when
// asked for, so this API builds and runs before it lands; until then the route answers 501.
const LEARNER_MODULE = '@narmon/shared/narratives/learn';

export async function learnDraft(deps: ApiDeps, body: LearnRequest): Promise<{ draft: Record<string, unknown> } & Record<string, unknown>> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(LEARNER_MODULE)) as Record<string, unknown>;
  } catch {
    throw new HttpProblem(501, 'Not implemented', 'the fingerprint learner is not available in this build');
  }
  void deps;
  const learn = (mod.learnFingerprint ?? mod.learnFingerprintDraft ?? mod.learn) as ((input: unknown) => unknown) | undefined;
  if (typeof learn !== 'function') throw new HttpProblem(501, 'Not implemented', 'the fingerprint learner is not available in this build');
  const result = (await learn(body)) as Record<string, unknown>;
  return 'draft' in result ? result as { draft: Record<string, unknown> } : { draft: result };
}
