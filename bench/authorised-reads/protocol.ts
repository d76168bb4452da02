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
  programmeManager: ListReader;
  officers: ListReader[];
}

export interface ReadPhaseSummary extends PhaseSummary {
  p95Ms: number;
  /**
   * Transactions committed in the API's database during the phase (`pg_stat_database.xact_commit`);
   * each query the API sends outside a transaction is one, so per request it counts its round trips.
   * Approximate: backends flush their counters at most once a second.
   */
  dbTransactions: number;
}

export interface ReadsResult {
  phases: {
    hello: ReadPhaseSummary;
    proposal: ReadPhaseSummary;
    listProgrammeManager: ReadPhaseSummary;
    listOfficer: ReadPhaseSummary;
  };
  /** Pages walked to their end (nextCursor null) in the list phases, and items seen. */
  listWalks: { completed: number; items: number };
}
