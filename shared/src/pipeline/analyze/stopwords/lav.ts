/** Latvian function words (our own list: natural has none). */
export const LATVIAN_STOPWORDS = [
  'un', 'ir', 'ar', 'uz', 'no', 'par', 'ka', 'kā', 'bet', 'vai', 'arī', 'lai', 'pie', 'tā', 'tas', 'tie', 'to',
  'tam', 'tās', 'šis', 'šī', 'šo', 'jau', 'vēl', 'ne', 'nav', 'būt', 'bija', 'būs', 'es', 'tu', 'viņš', 'viņa',
  'viņi', 'viņas', 'mēs', 'jūs', 'kas', 'kur', 'kad', 'kāpēc', 'pēc', 'līdz', 'starp', 'caur', 'pret', 'bez',
  'zem', 'virs', 'aiz', 'priekš', 'pa', 'iz', 'ja', 'tad', 'tik', 'cik', 'kurš', 'kura', 'kuri', 'kuru', 'kuras',
  'savu', 'savā', 'sava', 'savs', 'mūsu', 'jūsu', 'viņu', 'ko', 'kam', 'tāpat', 'tomēr', 'gan', 'jo', 'nu',
  'vien', 'ļoti', 'var', 'varētu', 'tiek', 'tika', 'tiks', 'kopš', 'katrs', 'visi', 'visu', 'viss', 'šajā',
  'šajās', 'šie', 'šīs', 'tajā', 'tajās', 'tāds', 'tāda', 'tādā', 'bijis', 'bijusi', 'esot', 'esam', 'esat',
  'nekā', 'tikai', 'kāds', 'kāda', 'kādu', 'šeit', 'tur', 'te', 'ap', 'uzskata', 'saka', 'teica',
];
