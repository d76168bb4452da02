/** What the benchmark process hands the load generator (a JSON file) and what it gets back. */
import type { PhaseSummary } from '../deadline-rush/protocol';

/** One authorised read of `GET /proposals/{id}`: an applicant of an organisation that is in the proposal. */
export interface ReadTarget {
  proposalId: string;
  token: string;
}

/** A reader of `GET /calls/{id}/proposals`. */
export interface ListReader {
  /** `PROGRAMME_MANAGER` or `AGENCY_OFFICER <region>`. */
  label: string;
  token: string;
}

export interface ReadsPlan {
  baseUrl: string;
  /** The API process, whose CPU time each phase reads from /proc. */
  serverPid: number;
  /** The API's database, read by the load generator for PostgreSQL's transaction counter only. */
  databaseUrl: string;
  clients: number;
  /** Seconds of each measured phase. */
  seconds: number;
  /** Seconds of mixed requests before the first phase, not counted (JIT, pool, plan caches). */
  warmupSeconds: number;
  callId: string;
  pageSize: number;
  /** Applicants' tokens for the hello-world baseline (the same principals as the proposal reads). */
  helloTokens: string[];
  reads: ReadTarget[];
  /** The list phases' readers: client k uses reader k mod n (one each at the defaults). */
  programmeManagers: ListReader[];
  officers: ListReader[];
  /**
   * Phase (e): `connections` loops of one applicant hammering `target` (a proposal it may read) beside
   * `wellBehaved` clients; measured for `seconds` after a lead-in that lasts until the abuser's first
   * 429 (at most `leadInMaxSeconds`).
   */
  abuse: { connections: number; wellBehaved: number; leadInMaxSeconds: number; target: ReadTarget };
  /** Phases (a)–(c) only (a comparison round): no phase (e), whose rate-limit state would carry over. */
  readsOnly?: boolean;
}

/** Phase (e)'s abusive client: its answers by status, and whether every refusal was a proper 429. */
export interface AbuserSummary {
  count: number;
  ok: number;
  tooMany: number;
  /** Answers other than 200 and 429 (status or network error), which fail the verification. */
  other: Record<string, number>;
  /** Lead-in and measured part together. */
  durationMs: number;
  /** From the phase's start to its measured part (the abuser's first 429, or the lead-in's maximum). */
  leadInMs: number;
  /** The abuser's answers sent in the measured part. */
  measured: { count: number; ok: number; tooMany: number };
  /** 429s without a `Retry-After` header of a whole number of seconds ≥ 1 (every 429 is checked). */
  retryAfterMissing: number;
  /** `Retry-After` of the first and the last 429. */
  retryAfterFirst?: string;
  retryAfterLast?: string;
  /** The first 429's body and content type (a sample of the problem details). */
  sample?: { contentType: string | null; body: string };
  /** Time from the phase's start (lead-in included) to the first 429 and to the last 200 (ms). */
  firstTooManyAtMs?: number;
  lastOkAtMs?: number;
  p50Ms: number;
  p99Ms: number;
}

export interface ReadPhaseSummary extends PhaseSummary {
  p95Ms: number;
  /**
   * Transactions committed in the API's database during the phase (`pg_stat_database.xact_commit`);
   * each query the API sends outside a transaction is one, so per request it counts its round trips.
   * Approximate: backends flush their counters at most once a second.
   */
  dbTransactions: number;
  /** CPU time (user + system) of the API process and of the load generator during the phase, in ms. */
  cpuMs: { api: number; load: number };
}

export interface ReadsResult {
  phases: {
    hello: ReadPhaseSummary;
    proposal: ReadPhaseSummary;
    listProgrammeManager: ReadPhaseSummary;
    listOfficer: ReadPhaseSummary;
    /** (e) the well-behaved clients' `GET /proposals/{id}` beside the abusive client: lead-in, and measured. */
    abuseLeadIn: ReadPhaseSummary;
    abuseWellBehaved: ReadPhaseSummary;
    abuser: AbuserSummary;
  };
  /** Pages walked to their end (nextCursor null) in the list phases, and items seen. */
  listWalks: { completed: number; items: number };
}
