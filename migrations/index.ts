import type { MigrationInterface } from 'typeorm';
import { RuntimeProbe1764201600000 } from './1764201600000-runtime-probe';

/**
 * Every migration, in order. Listed explicitly (not globbed) so that the same list works from
 * TypeScript sources, the compiled build and jest. Add new ones at the end.
 */
export const ALL_MIGRATIONS: Array<new () => MigrationInterface> = [RuntimeProbe1764201600000];
