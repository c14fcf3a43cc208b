import type { Config, Logger } from '@narmon/shared';
import type { Db } from '@narmon/shared/db';
import type { MatcherIndex } from '@narmon/shared/pipeline/analyze';
import type { LanguageDetector } from '@narmon/shared/pipeline/language';

/** Everything the API needs, passed in so tests give it real but isolated resources. */
export interface ApiDeps {
  db: Db;
  log: Logger;
  config: Config;
  languageDetector: LanguageDetector;
  /** The matcher index in force (for learn/validate previews). */
  matcherIndex: () => MatcherIndex;
  /** Redis URL and key prefix for per-key rate limiting; absent in the embedded demo (in-memory limits). */
  redis?: { url: string; prefix: string };
  now?: () => Date;
}
