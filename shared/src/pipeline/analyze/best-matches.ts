import type { VerifiedBlock } from './verify.js';

/**
 * The best verified block of each narrative for the item being matched, kept in reusable typed
 * arrays (one slot per narrative that has a match) so scoring a candidate allocates nothing.
 * Only the few matches that are returned become objects (see matchItem).
 */
export class BestMatches {
  count = 0;
  readonly ordinal: Int32Array;
  readonly score: Float64Array;
  readonly coverage: Float64Array;
  readonly rank: Float64Array;
  readonly flagged: Uint8Array;
  /** Which of the item's language analyses the match was scored against. */
  readonly analysisNo: Int32Array;
  /** The verification result when the block needed the general verifier; null when scored from the block table. */
  readonly verified: Array<VerifiedBlock | null>;
  /** Narrative number of each slot (numbers sort as the narrative ids do). */
  readonly narrativeOf: Int32Array;
  /** Slot of each narrative number, -1 when it has none. */
  private readonly slotOf: Int32Array;

  constructor(narrativeCount: number) {
    this.ordinal = new Int32Array(narrativeCount);
    this.score = new Float64Array(narrativeCount);
    this.coverage = new Float64Array(narrativeCount);
    this.rank = new Float64Array(narrativeCount);
    this.flagged = new Uint8Array(narrativeCount);
    this.analysisNo = new Int32Array(narrativeCount);
    this.verified = new Array<VerifiedBlock | null>(narrativeCount).fill(null);
    this.slotOf = new Int32Array(narrativeCount).fill(-1);
    this.narrativeOf = new Int32Array(narrativeCount);
  }

  /** Keeps the match if its narrative has none yet or this one ranks higher (flagged first, then rank). */
  offer(narrativeNo: number, ordinal: number, score: number, coverage: number, rank: number, flagged: boolean, analysisNo: number, verified: VerifiedBlock | null): void {
    let slot = this.slotOf[narrativeNo]!;
    if (slot < 0) {
      slot = this.count++;
      this.slotOf[narrativeNo] = slot;
      this.narrativeOf[slot] = narrativeNo;
    } else {
      const wasFlagged = this.flagged[slot] === 1;
      if (flagged !== wasFlagged ? !flagged : !(rank > this.rank[slot]!)) return;
    }
    this.ordinal[slot] = ordinal;
    this.score[slot] = score;
    this.coverage[slot] = coverage;
    this.rank[slot] = rank;
    this.flagged[slot] = flagged ? 1 : 0;
    this.analysisNo[slot] = analysisNo;
    this.verified[slot] = verified;
  }

  clear(): void {
    for (let s = 0; s < this.count; s++) {
      this.slotOf[this.narrativeOf[s]!] = -1;
      this.verified[s] = null;
    }
    this.count = 0;
  }
}
