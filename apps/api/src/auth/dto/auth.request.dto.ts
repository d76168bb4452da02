import { IsOptionalNotNull } from '@app/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsObject,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { LANGUAGES, ORGANISATION_TYPES, type Language, type OrganisationType } from '@app/domain';

export const PASSWORD_RULE = 'at least 12 characters';

export class LoginRequestDto {
  @ApiProperty({ example: 'coordinator@example.org' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  password!: string;
}

export class RefreshRequestDto {
  @ApiPropertyOptional({ description: 'API clients; browsers send no body and the session cookie instead' })
  // Absent means "use the cookie"; null is no token at all and is refused like any other non-string.
  @ValidateIf((body: RefreshRequestDto) => body.refreshToken !== undefined)
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  refreshToken!: string;
}

export class NewOrganisationDto {
  @ApiProperty({ example: 'Alpine Robotics S.r.l.' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  legalName!: string;

  @ApiProperty({ enum: ORGANISATION_TYPES })
  @IsIn(ORGANISATION_TYPES)
  type!: OrganisationType;

  @ApiProperty({ example: 'ITH2' })
  @IsString()
  @Matches(/^[A-Z]{2}[A-Z0-9]{0,3}$/, { message: 'regionCode must be a NUTS code such as ITH2' })
  regionCode!: string;

  @ApiProperty({ example: 'IT01234567890', description: 'VAT or registration id; unique' })
  @IsString()
  @MinLength(2)
  @MaxLength(64)
  registrationId!: string;
}

export class RegisterRequestDto {
  @ApiProperty()
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ description: PASSWORD_RULE })
  @IsString()
  @MinLength(12)
  @MaxLength(1024)
  password!: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName!: string;

  @ApiPropertyOptional({ enum: LANGUAGES, description: 'Language of the web app and of e-mails (default en)' })
  @IsOptionalNotNull()
  @IsIn(LANGUAGES, { message: `language must be one of ${LANGUAGES.join(', ')}` })
  language?: Language;

  @ApiPropertyOptional({
    description: 'Join an existing organisation (a member approves); give this or `organisation`',
  })
  // One of the two is required; `null` is neither left out nor a value.
  @ValidateIf((o: RegisterRequestDto) => o.organisation == null || o.organisationId === null)
  @IsUUID('4', { message: 'organisationId must be a UUID (or give a new `organisation`)' })
  organisationId?: string;

  @ApiPropertyOptional({
    type: NewOrganisationDto,
    description: 'Register a new organisation; give this or `organisationId`',
  })
  @ValidateIf((o: RegisterRequestDto) => o.organisationId == null || o.organisation === null)
  @IsObject({ message: 'organisation must be given (a new organisation) unless organisationId is' })
  @ValidateNested()
  @Type(() => NewOrganisationDto)
  organisation?: NewOrganisationDto;
}

export class TokenRequestDto {
  @ApiProperty({ description: 'The token from the e-mailed link' })
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  token!: string;
}

export class PasswordResetRequestDto {
  @ApiProperty()
  @IsEmail()
  @MaxLength(254)
  email!: string;
}

export class PasswordResetConfirmDto extends TokenRequestDto {
  @ApiProperty({ description: PASSWORD_RULE })
  @IsString()
  @MinLength(12)
  @MaxLength(1024)
  newPassword!: string;
}

export class AcceptInvitationDto extends TokenRequestDto {
  @ApiPropertyOptional({ description: 'Required when the invited e-mail has no account yet' })
  @IsOptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName?: string;

  @ApiPropertyOptional({ description: `Required when the invited e-mail has no account yet (${PASSWORD_RULE})` })
  @IsOptionalNotNull()
  @IsString()
  @MinLength(12)
  @MaxLength(1024)
  password?: string;

  @ApiPropertyOptional({
    enum: LANGUAGES,
    description: 'Language of a new account (default en); an existing account keeps its own',
  })
  @IsOptionalNotNull()
  @IsIn(LANGUAGES, { message: `language must be one of ${LANGUAGES.join(', ')}` })
  language?: Language;
}
