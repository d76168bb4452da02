import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { Public } from '@app/common';
import { HealthResponseDto, LivenessResponseDto } from './health.response.dto';
import { HealthService } from './health.service';

interface StatusResponse {
  status(code: number): unknown;
}

@ApiTags('health')
@Public()
// Probes of load balancers and orchestrators are not callers: never limited, never counted.
@SkipThrottle({ caller: true, overall: true })
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @ApiOperation({
    summary: 'Readiness: database and Temporal',
    description: '200 when both answer, 503 otherwise (same body).',
  })
  @ApiOkResponse({ type: HealthResponseDto })
  @ApiServiceUnavailableResponse({ type: HealthResponseDto })
  async readiness(@Res({ passthrough: true }) res: StatusResponse): Promise<HealthResponseDto> {
    const report = await this.health.readiness();
    res.status(report.status === 'ok' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return report;
  }

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers HTTP' })
  @ApiOkResponse({ type: LivenessResponseDto })
  liveness(): LivenessResponseDto {
    return { status: 'ok' };
  }
}
