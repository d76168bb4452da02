import { RuntimeProbeEntity } from './runtime-probe.entity';

export { RuntimeProbeEntity };

/** Every entity, registered once with the data source. */
export const ALL_ENTITIES = [RuntimeProbeEntity];
