import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { apiKeyRepository } from '@narmon/shared/db';
import { createTestDatabase, type TestDatabase } from '../../test/support/db.js';
import { runNarmon } from '../../test/support/narmon-cli.js';

let t: TestDatabase;

const narmon = (args: string[]) => runNarmon(args, { env: { DATABASE_URL: t.url } });

beforeAll(async () => { t = await createTestDatabase(); });
afterAll(async () => { await t.drop(); });

describe('narmon keys', () => {
  it('creates a key, prints it once, lists it without the key and revokes it', async () => {
    const created = await narmon(['keys', 'create', '--name', 'Latvian MFA', '--role', 'partner', '--organization', 'lv-mfa']);
    expect(created.code).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^nmk_[\w-]{43}$/);
    const principal = await apiKeyRepository.findActiveKeyByPlaintext(t.db, key);
    expect(principal).toMatchObject({ name: 'Latvian MFA', role: 'partner', organization: 'lv-mfa' });

    const listed = await narmon(['keys', 'list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('Latvian MFA');
    expect(listed.stdout).toContain('lv-mfa');
    expect(listed.stdout).not.toContain(key);

    const revoked = await narmon(['keys', 'revoke', String(principal!.keyId)]);
    expect(revoked.code).toBe(0);
    expect(await apiKeyRepository.findActiveKeyByPlaintext(t.db, key)).toBeUndefined();
    expect((await narmon(['keys', 'list']).then((r) => r.stdout))).toMatch(/revoked/);
  });

  it('rejects an unknown role and an unknown id with a non-zero exit', async () => {
    const bad = await narmon(['keys', 'create', '--name', 'x', '--role', 'root']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/role/);
    const missing = await narmon(['keys', 'revoke', '999999']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no active key with id 999999/);
  });

  it('prints JSON with --json', async () => {
    const r = await narmon(['keys', 'create', '--name', 'ops', '--role', 'admin', '--json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ id: expect.any(Number), key: expect.stringMatching(/^nmk_/), role: 'admin', organization: null });
  });
});
