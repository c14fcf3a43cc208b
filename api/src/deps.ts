import type { Config, Logger } from '@narmon/shared';
import type { Db } from '@narmon/shared/db';
import type { MatcherIndex } from '@narmon/shared/pipeline/analyze';
import type { LanguageDetector } from '@narmon/shared/pipeline/language';

/** Everything the API needs, passed in so tests give it real but isolated resources. */
export interface ApiDeps {
  db: Db;
  log: Logger;
  config: Config;
  /**
   * The language detector, loaded on first use: only learning from examples without a language
   * needs it, and eld's n-gram database adds about 145 MB to the process (see lazyLanguageDetector).
   */
  languageDetector: () => Promise<LanguageDetector>;
  /** The matcher index in force (for learn/validate previews). */
  matcherIndex: () => MatcherIndex;
  /** Redis URL and key prefix for per-key rate limiting; absent in the embedded demo (in-memory limits). */
  redis?: { url: string; prefix: string };
  now?: () => Date;
}

/**
 * A detector for the configured languages, imported and built on the first call, then reused.
 * A failure (an unsupported language) is not kept: the next call tries again and reports it again.
 */
export function lazyLanguageDetector(config: Pick<Config, 'LANGUAGES' | 'LANGUAGE_DETECTOR'>): () => Promise<LanguageDetector> {
  let loading: Promise<LanguageDetector> | null = null;
  return () => (loading ??= import('@narmon/shared/pipeline/language')
    .then((m) => m.createLanguageDetector({ languages: config.LANGUAGES, detector: config.LANGUAGE_DETECTOR }))
    .catch((err: unknown) => {
      loading = null;
      throw err;
    }));
}
