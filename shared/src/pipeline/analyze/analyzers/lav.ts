import { createWordAnalyzer } from './word-analyzer.js';
import type { Analyzer } from './types.js';

// Case and person endings, longest first. Light on purpose: consonant alternations
// (latvietis / latviešu) are left to prefix terms ("latvie*") in the fingerprint.
const ENDINGS = [
  'ajiem', 'ajām', 'ajās', 'ajai', 'ajos', 'ajam', 'ajai',
  'iem', 'ām', 'ēm', 'īm', 'ūm', 'ās', 'ēs', 'īs', 'ūs', 'os', 'as', 'es', 'is', 'us', 'ai', 'ei', 'ie', 'ot', 'am', 'at',
  'a', 'e', 'i', 'u', 's', 'š', 'ā', 'ē', 'ī', 'ū', 'o',
];

/** Strips one Latvian inflectional ending, keeping a stem of at least 3 letters. */
export function stemLatvian(word: string): string {
  for (const end of ENDINGS) {
    if (word.length - end.length >= 3 && word.endsWith(end)) return word.slice(0, -end.length);
  }
  return word;
}

/** Latvian: our tokenizer (ā, ē, ī, ū, š, ž, ņ, ļ, ķ, ģ, č are letters) and a light suffix stripper. */
export function createLatvianAnalyzer(): Analyzer {
  return createWordAnalyzer({ language: 'lav', stem: stemLatvian, keepAcronyms: true });
}
