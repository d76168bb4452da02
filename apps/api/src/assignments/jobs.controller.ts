import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, uuidParam, type Principal } from '@app/common';
import { JobRepository, UnitOfWork } from '@app/persistence';
import { JobView } from './assignment.dto';
import { jobView } from './assignment-view';
import { ApiErrorCodes } from '../openapi/api-problems.decorator';

/** SPEC §9 `GET /jobs/{id}`: progress and result of a long job, for the user who started it (404 for anyone else). */
@ApiTags('jobs')
@ApiBearerAuth()
@Controller('jobs')
export class JobsController {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly jobs: JobRepository,
  ) {}

  @Get(':id')
  @ApiOperation({ summary: 'Progress and result of a long job (its starter only)' })
  @ApiOkResponse({ type: JobView })
  @ApiErrorCodes('NOT_FOUND')
  async get(@Param('id', uuidParam('id')) id: string, @CurrentUser() user: Principal): Promise<JobView> {
    const job = await this.uow.read((tx) => this.jobs.find(tx, id));
    if (!job || job.startedBy !== user.userId) throw new NotFoundException(`Job ${id} not found.`);
    return jobView(job);
  }
}
