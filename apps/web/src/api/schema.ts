import type { components, paths as generatedPaths } from './schema.gen';
import type { PendingPaths } from './schema.pending';
import type { Locale } from '../i18n/locales';

/** The API's paths: the generated ones, plus provisional contract entries the generated file lacks. */
export type paths = generatedPaths & Omit<PendingPaths, keyof generatedPaths>;

export type Schemas = components['schemas'];

/** `GET /me` (the shared contract adds `language`). */
export type Me = Schemas['MeDto'] & { language?: Locale };

export type { MyProposal, MyTask, Page, PublicCallDetail, PublicCallSummary, Workspace } from './schema.pending';
