import porter from 'natural/lib/natural/stemmers/porter_stemmer.js';
import { createWordAnalyzer } from './word-analyzer.js';
import type { Analyzer } from './types.js';

/** English: Porter. Apostrophes are gone before stemming, so Russia's -> russias -> russia. */
export function createEnglishAnalyzer(): Analyzer {
  return createWordAnalyzer({ language: 'eng', stem: (w) => porter.stem(w), keepAcronyms: true });
}
