import YAML from 'yaml';
import type { Fingerprint, FingerprintInput } from '@narmon/schemas';

/** A fingerprint as a YAML document an analyst can edit (round-trips through parseFingerprintText). */
export function fingerprintToYaml(fp: Fingerprint | FingerprintInput): string {
  return YAML.stringify(fp, { lineWidth: 0 });
}

export function fingerprintToJson(fp: Fingerprint | FingerprintInput): string {
  return `${JSON.stringify(fp, null, 2)}\n`;
}
