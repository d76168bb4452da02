import { DomainError } from '../domain-error';

const UPPER = -1;
const TREE = 0;
const LOWER = 1;
/** Potentials beyond this could make a reduced cost (cost + π(u) − π(v)) leave the exact-integer range. */
const POTENTIAL_LIMIT = 2 ** 51;

/**
 * Minimum-cost circulation by the primal network simplex method, in the form LEMON's `NetworkSimplex`
 * made standard: an artificial root joined to every node, a strongly feasible spanning tree (which rules
 * out cycling on degenerate pivots), block-search pricing (the most negative reduced cost within blocks
 * of √m arcs, resuming where the last search stopped). Every node's supply is 0, so a caller that wants
 * "the cheapest flow of any value from s to t" adds an arc t → s with the largest useful capacity.
 *
 * Why network simplex: its costs are used as they are (cost scaling multiplies them by the node count,
 * which would push our lexicographic costs past 2^53), it needs no shortest-path run per unit of flow (SSP
 * did one Dijkstra per assigned pair), and it is the fastest exact method on transportation-like graphs
 * in practice. Integer costs and capacities; exact while potentials stay below 2^51, which is checked.
 *
 * Deterministic: arcs are scanned in insertion order and ties are broken by position, so the same
 * calls give the same flow.
 */
export class NetworkSimplex {
  private readonly from: number[] = [];
  private readonly to: number[] = [];
  private readonly capacities: number[] = [];
  private readonly costs: number[] = [];
  private flow: Float64Array = new Float64Array(0);
  private solved = false;

  constructor(readonly nodeCount: number) {}

  get arcCount(): number {
    return this.from.length;
  }

  /** Adds an arc; returns its id for `flowOn`. */
  addArc(from: number, to: number, capacity: number, cost: number): number {
    if (this.solved) throw new Error('arcs cannot be added after solve()');
    if (from === to || from < 0 || to < 0 || from >= this.nodeCount || to >= this.nodeCount) {
      throw new Error(`arc ${from}→${to} is not between two distinct nodes`);
    }
    if (!Number.isSafeInteger(cost) || !Number.isSafeInteger(capacity) || capacity < 0) {
      throw new Error(`arc ${from}→${to}: capacity and cost must be safe integers`);
    }
    this.from.push(from);
    this.to.push(to);
    this.capacities.push(capacity);
    this.costs.push(cost);
    return this.from.length - 1;
  }

  flowOn(arc: number): number {
    return this.flow[arc];
  }

  /**
   * Runs to the minimum-cost circulation. `onPivots` is called every 4 096 pivots with the count so far.
   * Throws `DomainError('ASSIGNMENT_TOO_LARGE')` when potentials would leave the exact range.
   */
  solve(onPivots: (pivots: number) => void = () => undefined): void {
    const n = this.nodeCount;
    const m = this.from.length;
    const root = n;
    const arcs = m + n;
    const source = new Int32Array(arcs);
    const target = new Int32Array(arcs);
    const cap = new Float64Array(arcs);
    const cost = new Float64Array(arcs);
    const flow = new Float64Array(arcs);
    const state = new Int8Array(arcs);
    for (let e = 0; e < m; e += 1) {
      source[e] = this.from[e];
      target[e] = this.to[e];
      cap[e] = this.capacities[e];
      cost[e] = this.costs[e];
      state[e] = LOWER;
    }

    // The initial tree: every node hangs below the root by an artificial arc u → root (cost 0, unbounded,
    // flow 0). With all supplies 0 no artificial arc ever carries flow: it could only gain flow on a cycle
    // that also lowers another artificial arc's, which has none.
    const parent = new Int32Array(n + 1);
    const pred = new Int32Array(n + 1);
    const depth = new Int32Array(n + 1);
    const pi = new Float64Array(n + 1);
    const firstChild = new Int32Array(n + 1).fill(-1);
    const nextSibling = new Int32Array(n + 1).fill(-1);
    const prevSibling = new Int32Array(n + 1).fill(-1);
    parent[root] = -1;
    pred[root] = -1;
    const attach = (child: number, to: number): void => {
      const first = firstChild[to];
      nextSibling[child] = first;
      prevSibling[child] = -1;
      if (first !== -1) prevSibling[first] = child;
      firstChild[to] = child;
      parent[child] = to;
    };
    const detach = (child: number): void => {
      const before = prevSibling[child];
      const after = nextSibling[child];
      if (before === -1) firstChild[parent[child]] = after;
      else nextSibling[before] = after;
      if (after !== -1) prevSibling[after] = before;
    };
    for (let u = n - 1; u >= 0; u -= 1) {
      const e = m + u;
      source[e] = u;
      target[e] = root;
      cap[e] = Number.MAX_SAFE_INTEGER;
      state[e] = TREE;
      pred[u] = e;
      depth[u] = 1;
      attach(u, root);
    }

    const blockSize = Math.max(10, Math.ceil(Math.sqrt(m)));
    const stack = new Int32Array(n + 1);
    let nextArc = 0;
    let pivots = 0;
    for (;;) {
      // Entering arc: block search over the real arcs (artificial ones never enter).
      let best = 0;
      let inArc = -1;
      let count = blockSize;
      let e = nextArc;
      for (let scanned = 0; scanned < m; scanned += 1) {
        const c = state[e] * (cost[e] + pi[source[e]] - pi[target[e]]);
        if (c < best) {
          best = c;
          inArc = e;
        }
        e = e + 1 === m ? 0 : e + 1;
        if ((count -= 1) === 0) {
          if (best < 0) break;
          count = blockSize;
        }
      }
      if (inArc === -1) break;
      nextArc = e;

      // Join node: the lowest common ancestor of the entering arc's ends.
      let a = source[inArc];
      let b = target[inArc];
      while (a !== b) {
        if (depth[a] > depth[b]) a = parent[a];
        else if (depth[b] > depth[a]) b = parent[b];
        else {
          a = parent[a];
          b = parent[b];
        }
      }
      const join = a;

      // Leaving arc: the blocking arc met last when going round the cycle from the join node in the
      // direction of the entering arc's change (strongly feasible tree rule).
      const first = state[inArc] === LOWER ? source[inArc] : target[inArc];
      const second = state[inArc] === LOWER ? target[inArc] : source[inArc];
      let delta = cap[inArc];
      let result = 0;
      let uOut = -1;
      for (let w = first; w !== join; w = parent[w]) {
        const t = pred[w];
        const d = source[t] === w ? flow[t] : cap[t] - flow[t];
        if (d < delta) {
          delta = d;
          uOut = w;
          result = 1;
        }
      }
      for (let w = second; w !== join; w = parent[w]) {
        const t = pred[w];
        const d = source[t] === w ? cap[t] - flow[t] : flow[t];
        if (d <= delta) {
          delta = d;
          uOut = w;
          result = 2;
        }
      }

      if (delta > 0) {
        flow[inArc] += state[inArc] * delta;
        for (let w = second; w !== join; w = parent[w]) {
          const t = pred[w];
          flow[t] += source[t] === w ? delta : -delta;
        }
        for (let w = first; w !== join; w = parent[w]) {
          const t = pred[w];
          flow[t] += source[t] === w ? -delta : delta;
        }
      }

      if (result === 0) {
        state[inArc] = -state[inArc];
      } else {
        const outArc = pred[uOut];
        state[outArc] = flow[outArc] === 0 ? LOWER : UPPER;
        state[inArc] = TREE;
        const uIn = result === 1 ? first : second;
        const vIn = result === 1 ? second : first;
        const reduced = cost[inArc] + pi[source[inArc]] - pi[target[inArc]];
        const sigma = uIn === source[inArc] ? -reduced : reduced;

        // Re-hang the subtree of uOut below vIn, reversing the tree path uIn … uOut.
        let child = uIn;
        let newParent = vIn;
        let newPred = inArc;
        for (;;) {
          const oldParent = parent[child];
          const oldPred = pred[child];
          detach(child);
          attach(child, newParent);
          pred[child] = newPred;
          if (child === uOut) break;
          newParent = child;
          newPred = oldPred;
          child = oldParent;
        }

        // Depths and potentials of the moved subtree.
        let top = 0;
        stack[top++] = uIn;
        while (top > 0) {
          const x = stack[--top];
          depth[x] = depth[parent[x]] + 1;
          const p = (pi[x] += sigma);
          if (p > POTENTIAL_LIMIT || p < -POTENTIAL_LIMIT) {
            throw new DomainError('ASSIGNMENT_TOO_LARGE', 'the instance is too large for exact integer costs');
          }
          for (let c = firstChild[x]; c !== -1; c = nextSibling[c]) stack[top++] = c;
        }
      }
      pivots += 1;
      if ((pivots & 4095) === 0) onPivots(pivots);
    }
    for (let u = 0; u < n; u += 1) {
      if (flow[m + u] !== 0) throw new Error('network simplex: an artificial arc carries flow');
    }
    this.flow = flow;
    this.solved = true;
  }
}
