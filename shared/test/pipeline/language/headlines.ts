/**
 * News-like headlines written for these tests (not taken from dev.jsonl), two per language,
 * short (<= 60 characters) as feed titles are.
 */
export const HEADLINES: Record<string, string[]> = {
  lav: ['Saeima pieņem jauno valsts budžetu', 'Rīgā atklāta jauna tramvaja līnija'],
  lit: ['Seimas priėmė naująjį valstybės biudžetą', 'Vilniuje atidarytas naujas tiltas per Nerį'],
  est: ['Riigikogu võttis vastu uue riigieelarve', 'Tallinnas avati uus trammiliin'],
  rus: ['Правительство утвердило новый бюджет на следующий год', 'В Москве прошли массовые задержания'],
  ukr: ['Уряд ухвалив новий бюджет на наступний рік', 'У Києві відкрили новий міст через Дніпро'],
  bel: ['Урад зацвердзіў новы бюджэт на наступны год', 'У Мінску адкрылі новы мост праз Свіслач'],
  pol: ['Rząd przyjął nowy budżet na przyszły rok', 'W Warszawie otwarto nową linię metra'],
  deu: ['Die Regierung beschließt den neuen Haushalt', 'In Berlin wurde eine neue U-Bahn-Linie eröffnet'],
  fra: ['Le gouvernement adopte le nouveau budget', 'Une nouvelle ligne de métro ouvre à Paris'],
  eng: ['Government approves new budget for next year', 'New metro line opens in London'],
  jpn: ['政府が来年度の予算案を閣議決定した', '東京で新しい地下鉄の路線が開業'],
  cmn: ['政府批准了明年的新预算', '北京开通了一条新的地铁线路'],
  kor: ['정부, 내년도 새 예산안 의결', '서울에 새 지하철 노선 개통'],
};
