import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * A handle on the database for one unit of work. Outside `libs/persistence` it is opaque: it is only
 * handed to repositories and read models, never queried (the `apps/` lint rule forbids `.query(`,
 * `createQueryBuilder` and TypeORM imports there).
 */
export type Tx = EntityManager;

/**
 * The one way application code reaches the database: `run` commits every repository call made with its
 * `tx` together or none of them; `read` hands out the pool for reads that need no transaction.
 */
@Injectable()
export class UnitOfWork {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  read<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return work(this.dataSource.manager);
  }
}
