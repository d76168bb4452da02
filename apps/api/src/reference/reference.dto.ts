import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsString, Matches, MaxLength, MinLength } from 'class-validator';

const NUTS = /^[A-Z]{2}[A-Z0-9]{0,3}$/;

export class CreateRegionDto {
  @ApiProperty({ example: 'ITH5', description: 'NUTS code' })
  @Matches(NUTS, { message: 'code must be a NUTS code such as ITH2' })
  code!: string;

  @ApiProperty({ example: 'Emilia-Romagna' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ example: 'IT', description: 'ISO 3166-1 alpha-2' })
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code' })
  country!: string;

  @ApiProperty({ example: 'EUR', description: 'ISO 4217' })
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code' })
  currency!: string;
}

export class RegionDto extends CreateRegionDto {}

export class CreateAgencyDto {
  @ApiProperty({ example: 'ITH2' })
  @Matches(NUTS, { message: 'regionCode must be a NUTS code such as ITH2' })
  regionCode!: string;

  @ApiProperty({ example: 'Autonomous Province of Trento' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  name!: string;

  @ApiProperty({ example: 'Provincial innovation programme' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  programmeName!: string;
}

export class AgencyDto extends CreateAgencyDto {
  @ApiProperty() id!: string;
}

export class CreateTransformativeActivityDto {
  @ApiProperty({ example: 'TA-SMART-MANUF' })
  @Matches(/^[A-Z0-9][A-Z0-9-]{0,31}$/, { message: 'code must be upper-case letters, digits and dashes (max 32)' })
  code!: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title!: string;

  @ApiProperty({ example: 'Advanced manufacturing' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  s3Domain!: string;

  @ApiProperty({ type: [String], example: ['ITH2', 'AT31'] })
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(NUTS, { each: true, message: 'each region code must be a NUTS code' })
  regionCodes!: string[];
}

export class TransformativeActivityDto extends CreateTransformativeActivityDto {}
