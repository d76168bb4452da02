import { Injectable } from '@nestjs/common';
import { JobRepository, UnitOfWork } from '@app/persistence';

/** The job's workflow gave up: the job fails with the reason, unless it already finished. */
@Injectable()
export class FailAssignmentJobUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly jobs: JobRepository,
  ) {}

  async execute(input: { jobId: string; message: string }): Promise<void> {
    await this.uow.read((tx) => this.jobs.transitionToFailed(tx, input.jobId, input.message));
  }
}
