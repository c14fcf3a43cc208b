import porterUk from 'natural/lib/natural/stemmers/porter_stemmer_uk.js';
import { createWordAnalyzer } from './word-analyzer.js';
import type { Analyzer } from './types.js';

/** Ukrainian: natural's PorterStemmerUk over our tokenizer (keeps і/ї/є/ґ; apostrophes dropped: від’єднання = відєднання). */
export function createUkrainianAnalyzer(): Analyzer {
  return createWordAnalyzer({ language: 'ukr', stem: (w) => porterUk.stem(w), keepAcronyms: true });
}
