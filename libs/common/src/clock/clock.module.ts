import { Global, Module } from '@nestjs/common';
import { Clock } from './clock';

/** Provides the system clock to every module; tests override `Clock`. */
@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
