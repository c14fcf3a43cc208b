import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '../../src/index.js';

describe('loadConfig', () => {
  it('gives typed defaults for an empty environment', () => {
    const c = loadConfig({});
    expect(c.API_PORT).toBe(8080);
    expect(c.FETCH_MAX_BYTES).toBe(15 * 1024 * 1024);
    expect(c.QUEUE_PREFIX).toBe('{narmon}');
    expect(c.LANGUAGES).toContain('lav');
    expect(c.FETCH_ALLOWLIST).toEqual([]);
  });

  it('parses numbers, lists and booleans; empty strings count as unset', () => {
    const c = loadConfig({ API_PORT: '9090', FETCH_ALLOWLIST: '127.0.0.1, 10.1.0.0/16', RUN_SCHEDULERS: 'false', LOG_LEVEL: '' });
    expect(c.API_PORT).toBe(9090);
    expect(c.FETCH_ALLOWLIST).toEqual(['127.0.0.1', '10.1.0.0/16']);
    expect(c.RUN_SCHEDULERS).toBe(false);
    expect(c.LOG_LEVEL).toBe('info');
  });

  it('lists every bad variable in one error, naming each and its value', () => {
    let err: unknown;
    try {
      loadConfig({ API_PORT: '70000', REDIS_URL: 'http://x', QUEUE_PREFIX: 'narmon' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems;
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/API_PORT="70000"/);
    expect(problems.join('\n')).toMatch(/REDIS_URL="http:\/\/x" must be a redis:\/\/ URL/);
    expect(problems.join('\n')).toMatch(/QUEUE_PREFIX="narmon" must be one Redis hash tag/);
  });
});
