import 'reflect-metadata';
import { Body, Controller, Get, Module, Param, ParseIntPipe, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiProperty,
  DocumentBuilder,
  SwaggerModule,
  type OpenAPIObject,
} from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { IsString } from 'class-validator';
import { Public, Roles } from '@app/common';
import { ApiErrorCodes } from './api-problems.decorator';
import { addProblemResponses } from './problem-responses';

class ThingBody {
  @ApiProperty() @IsString() name!: string;
}

class ThingDto {
  @ApiProperty() id!: string;
}

@ApiBearerAuth()
@Controller('things')
class ThingsController {
  @Public()
  @Get()
  @ApiOkResponse({ type: [ThingDto] })
  list(): ThingDto[] {
    return [];
  }

  @Roles('ADMIN')
  @Post(':id')
  @ApiOkResponse({ type: ThingDto })
  @ApiErrorCodes('CALL_STATE_CONFLICT', 'NOT_FOUND', 'CALL_CONFIGURATION_INVALID')
  change(@Param('id') id: string, @Body() _body: ThingBody): ThingDto {
    return { id };
  }

  @Get(':id')
  @ApiOkResponse({ type: ThingDto })
  @ApiErrorCodes('NOT_FOUND')
  one(@Param('id') id: string): ThingDto {
    return { id };
  }

  @SkipThrottle({ caller: true, overall: true })
  @Public()
  @Get('health/now')
  @ApiOkResponse({ type: ThingDto })
  health(): ThingDto {
    return { id: 'ok' };
  }
}

@ApiErrorCodes('NOT_FOUND')
@Controller('others')
class OthersController {
  @Get(':id')
  @ApiOkResponse({ type: ThingDto })
  one(@Param('id') id: string): ThingDto {
    return { id };
  }

  @Get('numbered/:idx')
  @ApiOkResponse({ type: ThingDto })
  numbered(@Param('idx', ParseIntPipe) idx: number): ThingDto {
    return { id: String(idx) };
  }
}

@Module({ controllers: [ThingsController, OthersController] })
class ThingsModule {}

type Responses = Record<
  string,
  {
    $ref?: string;
    description?: string;
    content?: Record<string, { schema: { allOf: Array<{ properties?: { code: { enum: string[] } } }> } }>;
  }
>;

describe('problem responses derived from the routes and @ApiErrorCodes', () => {
  let document: OpenAPIObject;

  beforeAll(async () => {
    const app = await NestFactory.create(ThingsModule, { preview: true, logger: false });
    document = addProblemResponses(
      SwaggerModule.createDocument(app, new DocumentBuilder().addBearerAuth().build()),
      app,
    );
    await app.close();
  });

  const responses = (path: string, method: 'get' | 'post'): Responses =>
    document.paths[path][method]!.responses as Responses;
  const codes = (path: string, method: 'get' | 'post', status: string): string[] => {
    const response = responses(path, method)[status];
    const resolved = response.$ref
      ? (document.components!.responses![response.$ref.split('/').pop()!] as Responses[string])
      : response;
    return resolved.content!['application/problem+json'].schema.allOf[1].properties!.code.enum;
  };

  it('gives a guarded route with input every status it can answer, each with its codes', () => {
    expect(Object.keys(responses('/things/{id}', 'post'))).toEqual([
      '200',
      '400',
      '401',
      '403',
      '404',
      '409',
      '413',
      '422',
      '429',
      '500',
    ]);
    expect(codes('/things/{id}', 'post', '400')).toEqual(['BAD_REQUEST', 'VALIDATION_FAILED']);
    expect(codes('/things/{id}', 'post', '413')).toEqual(['PAYLOAD_TOO_LARGE']);
    expect(codes('/things/{id}', 'post', '401')).toEqual(['UNAUTHENTICATED']);
    expect(codes('/things/{id}', 'post', '403')).toEqual(['FORBIDDEN']);
    expect(codes('/things/{id}', 'post', '409')).toEqual(['CALL_STATE_CONFLICT']);
    expect(codes('/things/{id}', 'post', '422')).toEqual(['CALL_CONFIGURATION_INVALID']);
    expect(responses('/things/{id}', 'post')['409'].description).toBe(
      'State conflict. Problem codes: `CALL_STATE_CONFLICT`.',
    );
  });

  it('asks no token of a public route and no 429 of a route the rate limit skips', () => {
    expect(document.paths['/things'].get!.security).toEqual([]);
    expect(Object.keys(responses('/things', 'get'))).toEqual(['200', '429', '500']);
    expect(Object.keys(responses('/things/health/now', 'get'))).toEqual(['200', '500']);
  });

  it('applies a controller’s codes to each of its routes', () => {
    expect(codes('/others/{id}', 'get', '404')).toEqual(['NOT_FOUND']);
    expect(codes('/others/numbered/{idx}', 'get', '404')).toEqual(['NOT_FOUND']);
  });

  it('lists the plain 400 of Nest’s parse pipes beside the validation failure', () => {
    expect(codes('/others/numbered/{idx}', 'get', '400')).toEqual(['BAD_REQUEST', 'VALIDATION_FAILED']);
    expect(codes('/others/{id}', 'get', '400')).toEqual(['VALIDATION_FAILED']);
  });

  it('shares a response several operations have word for word, and keeps one of its own inline', () => {
    expect(responses('/things/{id}', 'get')['401']).toEqual({ $ref: '#/components/responses/Unauthenticated' });
    expect(responses('/things/{id}', 'get')['404']).toEqual({ $ref: '#/components/responses/NotFound' });
    expect(responses('/things/{id}', 'post')['409'].$ref).toBeUndefined();
    expect(document.components!.schemas!.ProblemDetails).toBeDefined();
  });
});
