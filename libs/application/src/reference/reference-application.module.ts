import { Module } from '@nestjs/common';
import { PersistenceModule } from '@app/persistence';
import { CreateAgencyUseCase } from './create-agency.use-case';
import { CreateRegionUseCase } from './create-region.use-case';
import { CreateTransformativeActivityUseCase } from './create-transformative-activity.use-case';

const USE_CASES = [CreateRegionUseCase, CreateAgencyUseCase, CreateTransformativeActivityUseCase];

/** Reference data (SPEC §3): regions, funding agencies, transformative activities. */
@Module({ imports: [PersistenceModule], providers: USE_CASES, exports: USE_CASES })
export class ReferenceApplicationModule {}
