import { Module } from '@nestjs/common';
import { PersistenceModule } from '@app/persistence';
import { PublicCallsController } from './public-calls.controller';

@Module({
  imports: [PersistenceModule],
  controllers: [PublicCallsController],
})
export class PublicCallsModule {}
