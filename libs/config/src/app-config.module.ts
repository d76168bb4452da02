import { Global, Module, type DynamicModule } from '@nestjs/common';
import { AppConfig, loadAppConfig } from './app-config';

/**
 * Provides the validated AppConfig. `forRoot()` validates `process.env` (the only place it is read);
 * tests pass an explicit config object.
 */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(config: AppConfig = loadAppConfig()): DynamicModule {
    return { module: AppConfigModule, providers: [{ provide: AppConfig, useValue: config }], exports: [AppConfig] };
  }
}
