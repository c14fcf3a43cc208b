import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { loadConfig, NarmonError } from '@narmon/shared';
import { decodeFeedBody } from '@narmon/shared/pipeline/decode';
import { fetchFeed, gunzipIfCompressed } from '@narmon/shared/pipeline/fetch';
import { createLanguageDetector } from '@narmon/shared/pipeline/language';
import { parseFeedDocument } from '@narmon/shared/pipeline/parse';
import { fetchOptionsFromConfig } from '@narmon/shared/pipeline/ingest';
import { writeJsonLine } from '../io.js';

/**
 * `narmon parse-feed <file-or-url>`: one JSON object per item on stdout. A feed that cannot be
 * fetched or parsed: one line on stderr naming the reason, exit code 2.
 */
export function registerParseFeedCommand(program: Command): void {
  program.command('parse-feed')
    .description('parse an RSS/Atom/RDF feed file or URL and print one JSON object per item')
    .argument('<file-or-url>', 'a local feed file or an http(s) URL')
    .action(async (source: string) => {
      const config = loadConfig();
      const fetchedAt = new Date();
      let xml: string;
      let feedUrl: string;
      try {
        if (/^https?:\/\//i.test(source)) {
          const doc = await fetchFeed(source, fetchOptionsFromConfig(config));
          xml = decodeFeedBody(doc.body, doc.contentType);
          feedUrl = doc.finalUrl;
        } else {
          const body = await readFile(source).catch((err: NodeJS.ErrnoException) => {
            throw new NarmonError('unreadable-file', `cannot read ${source}: ${err.code ?? err.message}`);
          });
          // A .gz file (or a gzip-compressed download saved as is) is unpacked, capped like a fetch.
          xml = decodeFeedBody(gunzipIfCompressed(body, config.FETCH_MAX_BYTES), null);
          feedUrl = `file://${source}`;
        }
        const feed = await parseFeedDocument(xml, { feedUrl, fetchedAt });
        const detector = createLanguageDetector({ languages: config.LANGUAGES, detector: config.LANGUAGE_DETECTOR });
        for (const item of feed.items) {
          const lang = detector.detect(`${item.title}\n${item.text}`, { declared: feed.language });
          await writeJsonLine({
            guid: item.guid,
            link: item.link,
            title: item.title,
            text: item.text,
            published: item.dateInferred || !item.published ? null : item.published.toISOString(),
            language: lang.language,
            languageConfidence: Math.round(lang.confidence * 1000) / 1000,
          });
        }
      } catch (err) {
        if (err instanceof NarmonError) {
          console.error(`narmon parse-feed: ${err.code}: ${err.message}`);
          process.exit(2);
        }
        throw err;
      }
    });
}
