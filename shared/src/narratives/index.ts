export { loadFingerprints, parseFingerprint, parseFingerprintText } from './parse.js';
export { learnFingerprint, LearnError, type LearnExample, type LearnOptions } from './learn/index.js';
