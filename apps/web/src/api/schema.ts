import type { components, paths } from './schema.gen';
import type { Locale } from '../i18n/locales';

export type { paths };

export type Schemas = components['schemas'];

/** `GET /me`, its language narrowed to the catalogs' locales. */
export type Me = Omit<Schemas['MeDto'], 'language'> & { language?: Locale };

export type PublicCallSummary = Schemas['PublicCallSummaryView'];
export type PublicCallDetail = Schemas['PublicCallDetailView'];
export type MyProposal = Schemas['MyProposalItemView'];
export type MyTask = Schemas['TaskItemView'];
export type Workspace = MyTask['workspace'];

/** A page of a server-paged list. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
