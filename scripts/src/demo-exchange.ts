// Two narmon instances, "Riga" and "Tokyo", each with its own embedded PostgreSQL (PGlite) and its own
// API on a loopback port, exchange a narrative and its sightings over TAXII 2.1:
//   Riga publishes to lv-jp-stratcom -> Tokyo pulls with its partner key (limit + next) -> Tokyo imports
//   the objects as partner objects and the narrative as a draft fingerprint -> Tokyo posts a sighting
//   back -> Riga's analysts see it in GET /v1/partner-objects.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { fingerprintSchema } from '@narmon/schemas';
import { createLogger, loadConfig } from '@narmon/shared';
import { apiKeyRepository, createDb, migrateToLatest, narrativeRepository, sharingGroupRepository, startEmbeddedPostgres, type Db } from '@narmon/shared/db';
import { importPartnerNarrative, instanceIdentity, receiveObjects } from '@narmon/shared/exchange';
import { buildMatcherIndex } from '@narmon/shared/pipeline/analyze';
import { createLanguageDetector } from '@narmon/shared/pipeline/language';
import { checkInboundObject, TLP_MARKING_IDS, type StixObject } from '@narmon/shared/stix';
import { closeApp, createApp } from '../../api/src/app.js';

const TAXII = 'application/taxii+json;version=2.1';

interface Instance {
  name: string;
  db: Db;
  base: string;
  close(): Promise<void>;
}

async function startInstance(name: string): Promise<Instance> {
  const pg = await startEmbeddedPostgres();
  const db = createDb(pg.url, { max: 1 });
  await migrateToLatest(db);
  const config = loadConfig({ STIX_IDENTITY_NAME: `narmon ${name}`, LOG_LEVEL: 'silent' });
  const app = createApp({ db, log: createLogger('silent'), config, languageDetector: async () => createLanguageDetector(), matcherIndex: () => buildMatcherIndex([]) });
  const server: Server = await new Promise((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
  const port = (server.address() as AddressInfo).port;
  return {
    name, db, base: `http://127.0.0.1:${port}`,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await closeApp(app);
      await db.destroy();
      await pg.stop();
    },
  };
}

function basic(key: string): string {
  return `Basic ${Buffer.from(`taxii:${key}`).toString('base64')}`;
}

function countByType(objects: Array<{ type: string }>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of objects) counts[o.type] = (counts[o.type] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort());
}

async function seedRiga(db: Db): Promise<void> {
  await narrativeRepository.publishFingerprint(db, fingerprintSchema.parse({
    id: 'baltic-nazi-revival', status: 'active', tlp: 'green', disarm: ['T0022', 'T0023'],
    title: { eng: 'The Baltic states glorify Nazism', lav: 'Baltijas valstis slavina nacismu', rus: 'Прибалтика героизирует нацизм' },
    summary: { eng: 'Recurring claim that Latvia and its neighbours rehabilitate Nazi collaborators.' },
    languages: { rus: { terms: [{ t: 'нацизм*' }, { t: 'прибалтик*' }] }, lav: { terms: [{ t: 'nacism*' }, { t: 'leģionār*' }] } },
    refs: ['https://euvsdisinfo.eu/disinformation-cases/'],
  }), 'demo');
  const outlets = [['https://outlet-a.example/rss', 'Outlet A'], ['https://outlet-b.example/rss', 'Outlet B']] as const;
  let n = 0;
  for (const [url, title] of outlets) {
    const feed = await db.insertInto('feeds').values({ url, title, interval_minutes: 60 }).returning('id').executeTakeFirstOrThrow();
    for (let i = 0; i < 3; i++, n++) {
      const item = await db.insertInto('items').values({
        feed_id: feed.id, identity_key: `guid:demo-${n}`, link: `${url.replace('/rss', '')}/article/${n}`, title: `Статья ${n} о нацизме в Прибалтике`,
        text: 'прибалтика нацизм', language: 'rus', language_confidence: 0.97, published_at: new Date(Date.UTC(2026, 2, 1 + n, 8)),
      }).returning('id').executeTakeFirstOrThrow();
      await db.insertInto('flags').values({
        item_id: item.id, narrative_id: 'baltic-nazi-revival', narrative_version: 1, score: 6.5, status: 'confirmed',
        explanation: JSON.stringify({ language: 'rus', coverage: 0.6, terms: [{ term: 'нацизм', kind: 'term', weight: 1, offsets: [[0, 6]] }] }),
      }).execute();
    }
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const [riga, tokyo] = await Promise.all([startInstance('Riga'), startInstance('Tokyo')]);
  try {
    console.log(`Riga  API ${riga.base}  (embedded PostgreSQL)`);
    console.log(`Tokyo API ${tokyo.base}  (embedded PostgreSQL)`);

    // Riga: a narrative with six confirmed flags in two outlets, a group, Tokyo's partner key.
    await seedRiga(riga.db);
    const rigaAnalyst = (await apiKeyRepository.createApiKey(riga.db, { name: 'riga-analyst', role: 'analyst' })).key;
    const tokyoAtRiga = (await apiKeyRepository.createApiKey(riga.db, { name: 'tokyo-taxii', role: 'partner', organization: 'jp-stratcom' })).key;
    const headers = { Authorization: `Bearer ${rigaAnalyst}`, 'Content-Type': 'application/json' };
    const group = await (await fetch(`${riga.base}/v1/sharing-groups`, { method: 'POST', headers, body: JSON.stringify({ id: 'lv-jp-stratcom', title: 'Latvia-Japan StratCom', maxTlp: 'amber' }) })).json() as { collectionId: string };
    await fetch(`${riga.base}/v1/sharing-groups/lv-jp-stratcom/members/jp-stratcom`, { method: 'PUT', headers, body: JSON.stringify({ clearance: 'green' }) });
    const published = await (await fetch(`${riga.base}/v1/sharing-groups/lv-jp-stratcom/publish`, { method: 'POST', headers, body: JSON.stringify({ narrative: 'baltic-nazi-revival' }) })).json() as { added: number; countsByType: Record<string, number> };
    console.log(`\n[Riga] published baltic-nazi-revival to lv-jp-stratcom: ${published.added} objects`);
    console.log('       per type:', JSON.stringify(published.countsByType));

    // Tokyo pulls over TAXII with HTTP Basic (the key as password), 5 objects a page, following `next`.
    const objectsUrl = `${riga.base}/taxii2/api/collections/${group.collectionId}/objects/`;
    const pulled: StixObject[] = [];
    let next: string | undefined;
    let pages = 0;
    do {
      const res = await fetch(`${objectsUrl}?limit=5${next ? `&next=${encodeURIComponent(next)}` : ''}`, { headers: { Accept: TAXII, Authorization: basic(tokyoAtRiga) } });
      if (res.status !== 200) throw new Error(`TAXII pull failed: ${res.status} ${await res.text()}`);
      const body = await res.json() as { more: boolean; next?: string; objects?: StixObject[] };
      pulled.push(...(body.objects ?? []));
      next = body.more ? body.next : undefined;
      pages++;
    } while (next);
    const failing = pulled.map((o) => checkInboundObject(o)).filter((c) => !c.ok);
    console.log(`\n[Tokyo] pulled ${pulled.length} objects in ${pages} pages of limit=5; ${pulled.length - failing.length}/${pulled.length} pass the run-time STIX checks`);
    console.log('        per type:', JSON.stringify(countByType(pulled)));

    // Tokyo keeps what it pulled as partner objects of its own group with Riga, and drafts a fingerprint.
    const tokyoGroup = await sharingGroupRepository.createSharingGroup(tokyo.db, { id: 'lv-jp-stratcom', title: 'Latvia-Japan StratCom', maxTlp: 'amber' });
    await sharingGroupRepository.upsertMember(tokyo.db, tokyoGroup.id, { organization: 'lv-stratcom', clearance: 'green' });
    const imported = await receiveObjects(tokyo.db, tokyoGroup, { keyId: null, name: 'riga-taxii-pull', role: 'partner', organization: 'lv-stratcom' }, pulled);
    const tokyoAnalyst = (await apiKeyRepository.createApiKey(tokyo.db, { name: 'tokyo-analyst', role: 'analyst' })).key;
    const partnerNarratives = await (await fetch(`${tokyo.base}/v1/partner-objects?type=narrative`, { headers: { Authorization: `Bearer ${tokyoAnalyst}` } })).json() as { data: Array<{ id: number; stixId: string }> };
    const draft = await (await fetch(`${tokyo.base}/v1/partner-objects/${partnerNarratives.data[0]!.id}/draft-fingerprint`, { method: 'POST', headers: { Authorization: `Bearer ${tokyoAnalyst}` } })).json() as { fingerprintId: string; version: number };
    const draftDoc = (await narrativeRepository.listCurrentFingerprints(tokyo.db)).find((n) => n.id === draft.fingerprintId)!.document as { disarm?: string[]; title: Record<string, string> };
    console.log(`[Tokyo] stored ${imported.success_count} partner objects (${imported.failure_count} refused); draft fingerprint "${draft.fingerprintId}" v${draft.version}, DISARM ${JSON.stringify(draftDoc.disarm)}`);

    // Tokyo saw the narrative in a Japanese outlet: it posts an identity and a sighting back to Riga.
    const tokyoIdentity = await instanceIdentity(tokyo.db, loadConfig({ STIX_IDENTITY_NAME: 'narmon Tokyo' }));
    const rigaNarrativeId = partnerNarratives.data[0]!.stixId;
    const now = new Date().toISOString();
    const outlet = { type: 'identity', spec_version: '2.1', id: `identity--${crypto.randomUUID()}`, created: now, modified: now, name: 'Outlet JP (example)', identity_class: 'organization', created_by_ref: tokyoIdentity.id, object_marking_refs: [TLP_MARKING_IDS.green] };
    const sighting = {
      type: 'sighting', spec_version: '2.1', id: `sighting--${crypto.randomUUID()}`, created: now, modified: now, created_by_ref: tokyoIdentity.id,
      sighting_of_ref: rigaNarrativeId, count: 4, first_seen: '2026-03-03T00:00:00.000Z', last_seen: '2026-03-06T00:00:00.000Z',
      where_sighted_refs: [outlet.id], object_marking_refs: [TLP_MARKING_IDS.green],
    };
    const posted = [tokyoIdentity.object, outlet, sighting];
    const postRes = await fetch(objectsUrl, { method: 'POST', headers: { Accept: TAXII, 'Content-Type': TAXII, Authorization: basic(tokyoAtRiga) }, body: JSON.stringify({ objects: posted }) });
    const status = await postRes.json() as { id: string; success_count: number; failure_count: number };
    console.log(`\n[Tokyo] POST to Riga: HTTP ${postRes.status}, status ${status.id}: ${status.success_count} stored, ${status.failure_count} failed`);
    console.log('        per type:', JSON.stringify(countByType(posted)));

    // Riga's analysts see Tokyo's sighting with its provenance and TLP.
    const inbox = await (await fetch(`${riga.base}/v1/partner-objects`, { headers: { Authorization: `Bearer ${rigaAnalyst}` } })).json() as { data: Array<{ type: string; tlp: string; source: { organization: string }; object: StixObject }> };
    const back = inbox.data.find((o) => o.type === 'sighting')!;
    console.log(`\n[Riga] partner objects: ${JSON.stringify(countByType(inbox.data))}; sighting from ${back.source.organization}, TLP:${back.tlp.toUpperCase()}, count ${String(back.object.count)} of ${String(back.object.sighting_of_ref)}`);
    console.log(`\ndone in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await Promise.all([riga.close(), tokyo.close()]);
  }
}

await main();
