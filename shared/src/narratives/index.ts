export { loadFingerprints, parseFingerprint, parseFingerprintText } from './parse.js';
export { learnFingerprint, LearnError, type LearnExample, type LearnOptions } from './learn/index.js';
export { createNarrativeLibrary, loadActiveFingerprints, type NarrativeLibrary, type NarrativeLibraryOptions } from './library.js';
export { fingerprintToYaml, fingerprintToJson } from './serialize.js';
