import type { ValidationError } from '@nestjs/common';
import { PickType } from '@nestjs/swagger';
import { plainToInstance, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsEnum,
  IsIn,
  IsInt,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
  validateSync,
} from 'class-validator';
import { flattenValidationErrors } from './validation-problem';

describe('flattenValidationErrors', () => {
  it('gives one entry per failed constraint with dotted and indexed paths', () => {
    const errors: ValidationError[] = [
      {
        property: 'acronym',
        constraints: { minLength: 'acronym is too short', isString: 'acronym must be a string' },
        children: [],
      },
      {
        property: 'partners',
        children: [
          {
            property: '1',
            children: [{ property: 'requestedGrant', constraints: { isInt: 'must be an integer' }, children: [] }],
          },
        ],
      },
    ];
    expect(flattenValidationErrors(errors)).toEqual([
      { field: 'acronym', code: 'minLength', message: 'acronym is too short' },
      { field: 'acronym', code: 'isString', message: 'acronym must be a string' },
      { field: 'partners[1].requestedGrant', code: 'isInt', message: 'must be an integer' },
    ]);
  });
});

enum Colour {
  RED = 'RED',
  BLUE = 'BLUE',
}

class LineDto {
  @IsInt()
  @Min(0)
  @Max(9)
  score!: number;
}

class ParamsDto {
  @IsInt()
  @Min(1)
  @Max(100)
  count!: number;

  @IsIn(['DRAFT', 'OPEN'])
  state!: string;

  @IsEnum(Colour)
  colour!: Colour;

  @Length(2, 10)
  name!: string;

  @MaxLength(5)
  short!: string;

  @ArrayMaxSize(2)
  tags!: string[];

  @Matches(/^[A-Z]+$/)
  code!: string;

  @IsString()
  plain!: string;

  @ValidateNested({ each: true })
  @Type(() => LineDto)
  lines!: LineDto[];
}

class PartialParamsDto extends PickType(ParamsDto, ['count'] as const) {}

describe('flattenValidationErrors — params', () => {
  const errorsOf = (dto: object): ReturnType<typeof flattenValidationErrors> =>
    flattenValidationErrors(validateSync(dto));

  it("gives each built-in constraint's arguments as params, and none to constraints without arguments", () => {
    const dto = plainToInstance(ParamsDto, {
      count: 0,
      state: 'GONE',
      colour: 'GREEN',
      name: 'x',
      short: 'too long',
      tags: ['a', 'b', 'c'],
      code: 'abc',
      plain: 5,
      lines: [{ score: 11 }],
    });
    const byField = Object.fromEntries(errorsOf(dto).map((e) => [`${e.field} ${e.code}`, e.params]));
    expect(byField).toEqual({
      'count min': { min: 1 },
      'state isIn': { allowed: ['DRAFT', 'OPEN'] },
      'colour isEnum': { allowed: ['RED', 'BLUE'] },
      'name isLength': { min: 2, max: 10 },
      'short maxLength': { max: 5 },
      'tags arrayMaxSize': { max: 2 },
      'code matches': { pattern: '/^[A-Z]+$/' },
      'plain isString': undefined,
      'lines[0].score max': { max: 9 },
    });
    for (const e of errorsOf(dto)) {
      // The same values class-validator's English message names (isLength names only the bound it broke).
      if (e.code === 'isLength') continue;
      for (const v of Object.values(e.params ?? {}).flat())
        expect(e.message).toContain(String(v).replace(/^\/|\/$/g, ''));
    }
  });

  it('reads the arguments of inherited and mapped classes, and leaves errors without a target alone', () => {
    expect(errorsOf(plainToInstance(PartialParamsDto, { count: 101 }))).toEqual([
      { field: 'count', code: 'max', message: 'count must not be greater than 100', params: { max: 100 } },
    ]);
    expect(
      flattenValidationErrors([
        { property: 'count', constraints: { min: 'count must not be less than 1' }, children: [] },
      ]),
    ).toEqual([{ field: 'count', code: 'min', message: 'count must not be less than 1' }]);
  });
});
