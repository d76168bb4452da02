import { Controller, Get, Module } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeController } from '@nestjs/swagger';
import { CurrentUser, type Principal } from '@app/common';

/**
 * The baseline of the authorised reads: a hello-world endpoint on the same stack as every authorised
 * read (global guard with bearer token verified and principal loaded from PostgreSQL, validation pipe,
 * problem+json filter, the same HTTP adapter). It answers a constant with the caller's id and reads
 * nothing else. Benchmark-only: it lives in bench/, never in apps/.
 */
@ApiExcludeController()
@ApiBearerAuth()
@Controller('bench')
export class BenchHelloController {
  @Get('hello')
  hello(@CurrentUser() user: Principal): { hello: string; userId: string } {
    return { hello: 'world', userId: user.userId };
  }
}

@Module({ controllers: [BenchHelloController] })
export class BenchHelloModule {}
