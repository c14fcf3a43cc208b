/**
 * PostgreSQL text-search configuration per ISO 639-3 language: stemming where PostgreSQL
 * ships a configuration, 'simple' (lower-cased words) elsewhere (Latvian, Estonian, Ukrainian,
 * Polish, Belarusian...), where title trigrams help with inflection. The items.search_vector
 * column and every query build from this one table, so documents and queries always agree.
 */
export const SEARCH_CONFIG_BY_LANGUAGE: Readonly<Record<string, string>> = {
  eng: 'english',
  rus: 'russian',
  deu: 'german',
  fra: 'french',
  lit: 'lithuanian',
  ita: 'italian',
  spa: 'spanish',
  por: 'portuguese',
  nld: 'dutch',
  swe: 'swedish',
  fin: 'finnish',
  dan: 'danish',
  nob: 'norwegian',
  hun: 'hungarian',
  ron: 'romanian',
  tur: 'turkish',
};
