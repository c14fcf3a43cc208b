import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { Ajv } from 'ajv';
import YAML from 'yaml';

// Docker does not run here, so `docker compose config` cannot check the file: the Compose
// specification's own JSON schema does.
const schema = JSON.parse(readFileSync(resolve(process.cwd(), '../shared/reference/compose-spec/compose-spec.json'), 'utf8'));
const compose = YAML.parse(readFileSync('docker-compose.yml', 'utf8'), { merge: true });

describe('docker-compose.yml', () => {
  it('is valid against the Compose specification schema', () => {
    // The file names its meta-schema by an https URL ajv does not know; the draft-07 rules apply all the same.
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, validateSchema: false });
    const validate = ajv.compile(schema);
    const ok = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('has postgres, redis, a one-shot migrate, api and worker, with healthchecks and ordered start-up', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'migrate', 'postgres', 'redis', 'worker']);
    for (const s of ['postgres', 'redis', 'api', 'worker']) expect(compose.services[s].healthcheck.test.length).toBeGreaterThan(0);
    expect(compose.services.migrate.restart).toBe('no');
    expect(compose.services.migrate.command).toEqual(['node', 'scripts/bin/narmon.mjs', 'migrate']);
    for (const s of ['api', 'worker']) {
      expect(compose.services[s].depends_on.migrate.condition).toBe('service_completed_successfully');
      expect(compose.services[s].depends_on.redis.condition).toBe('service_healthy');
      expect(compose.services[s].environment.DATABASE_URL).toMatch(/^postgres:\/\/narmon:\$\{POSTGRES_PASSWORD/);
    }
  });

  it('keeps Redis transient and takes the database password only from the environment', () => {
    expect(compose.services.redis.command).toEqual(['redis-server', '--save', '', '--appendonly', 'no']);
    expect(compose.services.postgres.environment.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?/);
  });
});
