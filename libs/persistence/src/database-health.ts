import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The readiness probe's question to the database: does it answer a query? */
@Injectable()
export class DatabaseHealth {
  constructor(private readonly dataSource: DataSource) {}

  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }
}
