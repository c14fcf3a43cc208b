import { describe, expect, it } from '@jest/globals';
import { FingerprintError } from '@narmon/shared';
import { disarmTechnique } from '@narmon/shared/disarm';
import { loadFingerprints, parseFingerprint, parseFingerprintText } from '@narmon/shared/narratives';

const FIXTURES = new URL('../fixtures/narratives/', import.meta.url).pathname;

describe('fingerprint validation', () => {
  it('loads our multilingual fixtures (YAML and JSON) with defaults filled in', async () => {
    const fps = await loadFingerprints(FIXTURES);
    expect(fps.map((f) => f.id)).toEqual(['us-biolabs-ukraine', 'latvia-language-discrimination', 'nazi-regime-kyiv']);
    expect(Object.keys(fps[0]!.languages)).toEqual(['eng', 'rus', 'ukr', 'jpn']);
    expect(fps[2]!.version).toBe(2);
  });

  it('rejects an invalid fingerprint with a message naming each bad field', async () => {
    const err = await loadFingerprints(`${FIXTURES}invalid/invalid-weight.yaml`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FingerprintError);
    const msg = (err as Error).message;
    expect(msg).toContain('invalid-weight.yaml');
    expect(msg).toContain('languages.eng.terms.0.w');
    expect(msg).toMatch(/disarm\.0: is not a DISARM Red framework technique id/);
  });

  it('rejects a "*" that is not at the end, an unknown TLP label and a bad language code', () => {
    const base = { id: 'x-test', title: { eng: 'x' }, languages: { eng: { terms: [{ t: 'ok' }] } } };
    expect(() => parseFingerprint({ ...base, languages: { eng: { terms: [{ t: 'a*b' }] } } }, 'doc')).toThrow(/languages\.eng\.terms\.0\.t: only a trailing "\*"/);
    expect(() => parseFingerprint({ ...base, tlp: 'white' }, 'doc')).toThrow(/tlp:/);
    for (const e of [{ e: 'Z*' }, { e: '#tag*', kind: 'hashtag' }, { e: 'Ze*lensk' }]) {
      expect(() => parseFingerprint({ ...base, entities: [e] }, 'doc')).toThrow(/entities\.0\.e: a "\*" is allowed only at the end of a name/);
    }
    expect(parseFingerprint({ ...base, entities: [{ e: 'Зеленськ*' }] }, 'doc').entities[0]).toMatchObject({ e: 'Зеленськ*', kind: 'name' });
    expect(() => parseFingerprint({ ...base, languages: { ru: { terms: [{ t: 'x' }] } } }, 'doc')).toThrow(/languages\.ru/);
    expect(() => parseFingerprintText('id: [unclosed', 'bad.yaml')).toThrow(/bad\.yaml: not valid YAML/);
  });

  it('looks up DISARM techniques with their STIX attack-pattern ids', () => {
    expect(disarmTechnique('T0022')).toMatchObject({ name: 'Leverage Conspiracy Theory Narratives', tactic: 'TA14', stixId: expect.stringMatching(/^attack-pattern--[0-9a-f-]{36}$/) });
    expect(disarmTechnique('T0022.001')?.parent).toBe('T0022');
    expect(disarmTechnique('T9999')).toBeUndefined();
  });
});
