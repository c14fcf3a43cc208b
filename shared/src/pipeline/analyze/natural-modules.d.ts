// natural is imported by deep path only (its root module reads .env and is slow); these
// files ship no declarations of their own.
declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  const stemmer: { stem(token: string): string };
  export default stemmer;
}
declare module 'natural/lib/natural/stemmers/porter_stemmer_ru.js' {
  const stemmer: { stem(token: string): string };
  export default stemmer;
}
declare module 'natural/lib/natural/stemmers/porter_stemmer_uk.js' {
  const stemmer: { stem(token: string): string };
  export default stemmer;
}
declare module 'natural/lib/natural/tokenizers/tokenizer_ja.js' {
  class TokenizerJa {
    tokenize(text: string): string[];
  }
  export default TokenizerJa;
}
declare module 'natural/lib/natural/normalizers/normalizer_ja.js' {
  export function normalizeJa(text: string): string;
}
declare module 'natural/lib/natural/util/stopwords.js' { export const words: string[]; }
declare module 'natural/lib/natural/util/stopwords_ru.js' { export const words: string[]; }
declare module 'natural/lib/natural/util/stopwords_uk.js' { export const words: string[]; }
declare module 'natural/lib/natural/util/stopwords_ja.js' { export const words: string[]; }
