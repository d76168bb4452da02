import { Module } from '@nestjs/common';
import { PersistenceModule } from '@app/persistence';
import { RecordRuntimeProbeUseCase } from './record-runtime-probe.use-case';

/** The runtime probe: the worker's proof that a workflow reaches the database through an activity. */
@Module({ imports: [PersistenceModule], providers: [RecordRuntimeProbeUseCase], exports: [RecordRuntimeProbeUseCase] })
export class RuntimeProbeApplicationModule {}
