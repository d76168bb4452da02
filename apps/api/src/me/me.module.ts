import { Module } from '@nestjs/common';
import { PersistenceModule } from '@app/persistence';
import { MeInboxController } from './me-inbox.controller';

@Module({
  imports: [PersistenceModule],
  controllers: [MeInboxController],
})
export class MeModule {}
