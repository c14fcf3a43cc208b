import porterRu from 'natural/lib/natural/stemmers/porter_stemmer_ru.js';
import { createWordAnalyzer } from './word-analyzer.js';
import type { Analyzer } from './types.js';

/** Russian: natural's PorterStemmerRu; acronyms (НАТО, США) stay whole, the stemmer would cut НАТО to "нат". */
export function createRussianAnalyzer(): Analyzer {
  return createWordAnalyzer({ language: 'rus', stem: (w) => porterRu.stem(w), keepAcronyms: true });
}
