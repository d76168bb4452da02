import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsISO31661Alpha2,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto, IsOptionalNotNull } from '@app/common';

const trimmed = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);
const trimmedEach = ({ value }: { value: unknown }): unknown =>
  Array.isArray(value) ? value.map((v: unknown) => (typeof v === 'string' ? v.trim() : v)) : value;
const upperCased = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim().toUpperCase() : value;

/** `PUT /me/evaluator-profile`: the whole profile (an omitted optional field is cleared). */
export class EvaluatorProfileRequestDto {
  @ApiProperty({
    type: [String],
    minItems: 1,
    maxItems: 50,
    description: 'Expertise keywords, each 1–80 characters after trimming; repeats (ignoring case) are dropped',
    example: ['robotics', 'machine vision'],
  })
  @Transform(trimmedEach)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(80, { each: true })
  expertise!: string[];

  @ApiPropertyOptional({
    nullable: true,
    description: 'The evaluator’s employer, when it is a registered organisation (V2: never evaluates its proposals)',
  })
  @IsOptional()
  @IsUUID()
  organisationId?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    example: 'ITH2',
    description: 'A region of `country` (V2: the partner-region rule)',
  })
  @IsOptional()
  @Transform(upperCased)
  @Matches(/^[A-Z]{2}[A-Z0-9]{0,3}$/, { message: 'regionCode must be a NUTS region code' })
  regionCode?: string | null;

  @ApiProperty({ example: 'IT', description: 'ISO 3166-1 alpha-2 (country diversity, V2)' })
  @Transform(upperCased)
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 country code' })
  country!: string;

  @ApiPropertyOptional({
    nullable: true,
    minimum: 1,
    maximum: 100,
    description:
      'At most this many proposals per call; the call’s maxLoadPerEvaluator applies when lower or when unset',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  maxLoad?: number | null;
}

export class EvaluatorProfileDto {
  @ApiProperty() userId!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ type: [String] }) expertise!: string[];
  @ApiProperty({ type: String, nullable: true }) organisationId!: string | null;
  @ApiProperty({ type: String, nullable: true }) organisationName!: string | null;
  @ApiProperty({ type: String, nullable: true }) regionCode!: string | null;
  @ApiProperty() country!: string;
  @ApiProperty({ type: Number, nullable: true }) maxLoad!: number | null;
  @ApiProperty() updatedAt!: string;
}

export class EvaluatorListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Matches any expertise keyword containing it (case-insensitive)' })
  @IsOptionalNotNull()
  @Transform(trimmed)
  @IsString()
  @MinLength(1)
  @MaxLength(80)
  keyword?: string;

  @ApiPropertyOptional({ example: 'AT' })
  @IsOptionalNotNull()
  @Transform(upperCased)
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 country code' })
  country?: string;
}

export class EvaluatorProfilePageDto {
  @ApiProperty({ type: [EvaluatorProfileDto] }) items!: EvaluatorProfileDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class DeclarationStatusDto {
  @ApiProperty() signed!: boolean;
  @ApiProperty({ type: String, nullable: true }) signedAt!: string | null;
}

export class PoolMemberDto extends EvaluatorProfileDto {
  @ApiProperty({ type: Number, nullable: true, description: 'The profile’s limit' }) declare maxLoad: number | null;
  @ApiProperty({ description: 'V3 in this call: min(profile limit, the call’s maxLoadPerEvaluator)' })
  effectiveMaxLoad!: number;
  @ApiProperty() addedAt!: string;
  @ApiProperty() addedBy!: string;
  @ApiProperty({ type: DeclarationStatusDto }) declaration!: DeclarationStatusDto;
  @ApiProperty({ description: 'Conflicts the evaluator declared with the call’s proposals' }) conflictCount!: number;
}

export class PoolMemberPageDto {
  @ApiProperty({ type: [PoolMemberDto] }) items!: PoolMemberDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class DeclarationDto {
  @ApiProperty() callId!: string;
  @ApiProperty() callTitle!: string;
  @ApiProperty({ description: 'The text to read and sign' }) text!: string;
  @ApiProperty({ description: 'SHA-256 (hex) of the text’s UTF-8 bytes: quote it to sign' }) declarationHash!: string;
  @ApiProperty() signed!: boolean;
  @ApiProperty({ type: String, nullable: true }) signedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The hash of the text that was signed' }) signedHash!:
    string | null;
}

export class SignDeclarationDto {
  @ApiProperty({ description: 'The `declarationHash` of the text the evaluator read' })
  @Matches(/^[0-9a-f]{64}$/, { message: 'declarationHash must be 64 lower-case hex digits' })
  declarationHash!: string;
}

export class ConsortiumMemberDto {
  @ApiProperty() organisationName!: string;
  @ApiProperty() country!: string;
}

export class ConflictCheckProposalDto {
  @ApiProperty() proposalId!: string;
  @ApiProperty() acronym!: string;
  @ApiProperty() title!: string;
  @ApiProperty() topic!: string;
  @ApiProperty({ type: [ConsortiumMemberDto] }) consortium!: ConsortiumMemberDto[];
}

export class ConflictCheckPageDto {
  @ApiProperty({ type: [ConflictCheckProposalDto] }) items!: ConflictCheckProposalDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class DeclaredConflictRequestDto {
  @ApiProperty() @IsUUID() proposalId!: string;
  @ApiProperty({ minLength: 1, maxLength: 2000 })
  @Transform(trimmed)
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason!: string;
}

export class ReplaceConflictsDto {
  @ApiProperty({
    type: [DeclaredConflictRequestDto],
    maxItems: 1000,
    description: 'Replaces every conflict the evaluator declared in this call (an empty list clears them)',
  })
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => DeclaredConflictRequestDto)
  conflicts!: DeclaredConflictRequestDto[];
}

export class DeclaredConflictDto {
  @ApiProperty() proposalId!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() declaredAt!: string;
}

export class DeclaredConflictsDto {
  @ApiProperty() callId!: string;
  @ApiProperty({ type: [DeclaredConflictDto] }) conflicts!: DeclaredConflictDto[];
}
