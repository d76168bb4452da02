import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsIn,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto, IsOptionalNotNull } from '@app/common';
import {
  DELIVERY_PREFERENCES,
  LANGUAGES,
  NOTIFICATION_KIND_NAMES,
  ORGANISATION_TYPES,
  STAFF_ROLES,
  type DeliveryPreference,
  type Language,
  type NotificationKind,
  type StaffRole,
} from '@app/domain';
import { NewOrganisationDto } from '../auth/dto/auth.request.dto';

export class CreateOrganisationDto extends NewOrganisationDto {}

export class OrganisationDto {
  @ApiProperty() id!: string;
  @ApiProperty() legalName!: string;
  @ApiProperty() type!: string;
  @ApiProperty() regionCode!: string;
  @ApiProperty() registrationId!: string;
  @ApiProperty() createdAt!: string;
}

export class OrganisationDirectoryQueryDto extends PageQueryDto {
  @ApiProperty({
    description: 'Part of the legal name (case-insensitive, at least 2 characters)',
    example: 'sensor',
    minLength: 2,
    maxLength: 100,
  })
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  q!: string;

  @ApiPropertyOptional({ description: 'Only organisations of this region (NUTS code)', example: 'AT31' })
  @IsOptionalNotNull()
  @Matches(/^[A-Z]{2}[A-Z0-9]{0,3}$/, { message: 'region must be a NUTS code' })
  region?: string;
}

/** A partner candidate: enough to recognise and choose it; no registration id and no members. */
export class OrganisationDirectoryEntryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Traun Sensorik GmbH' }) legalName!: string;
  @ApiProperty({ enum: ORGANISATION_TYPES }) type!: string;
  @ApiProperty({ example: 'AT31' }) regionCode!: string;
  @ApiProperty({ example: 'Upper Austria' }) regionName!: string;
  @ApiProperty({ example: 'AT' }) country!: string;
}

export class InviteDto {
  @ApiProperty()
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName?: string;
}

export class InvitationSentDto {
  @ApiProperty() invitationId!: string;
  @ApiProperty() expiresAt!: string;
}

export class CreateStaffUserDto {
  @ApiProperty()
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName!: string;

  @ApiProperty({ enum: STAFF_ROLES })
  @IsIn(STAFF_ROLES)
  role!: StaffRole;

  @ApiPropertyOptional({ description: 'Required for AGENCY_OFFICER, refused otherwise' })
  @ValidateIf((o: CreateStaffUserDto) => o.role === 'AGENCY_OFFICER' || o.agencyId !== undefined)
  @IsUUID('4', { message: 'agencyId must be the UUID of an agency (required for AGENCY_OFFICER)' })
  agencyId?: string;
}

export class GrantDto {
  @ApiProperty() role!: string;
  @ApiPropertyOptional() agencyId?: string;
  @ApiPropertyOptional() agencyName?: string;
  @ApiPropertyOptional() regionCode?: string;
  @ApiPropertyOptional() organisationId?: string;
  @ApiPropertyOptional() organisationName?: string;
  @ApiProperty({ enum: ['ACTIVE', 'PENDING_APPROVAL'] }) status!: string;
}

export class PreferenceDto {
  @ApiProperty({ enum: NOTIFICATION_KIND_NAMES })
  @IsIn(NOTIFICATION_KIND_NAMES)
  kind!: NotificationKind;

  @ApiProperty({ enum: DELIVERY_PREFERENCES })
  @IsIn(DELIVERY_PREFERENCES)
  mode!: DeliveryPreference;
}

export class PreferencesDto {
  @ApiProperty({ type: [PreferenceDto] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => PreferenceDto)
  preferences!: PreferenceDto[];
}

export class UserDto {
  @ApiProperty() id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty() status!: string;
  @ApiProperty({ enum: LANGUAGES, description: 'The language of the web app and of e-mails to this account' })
  language!: Language;
  @ApiProperty({ type: [GrantDto] }) grants!: GrantDto[];
}

export class SetLanguageRequestDto {
  @ApiProperty({ enum: LANGUAGES, example: 'de' })
  @IsIn(LANGUAGES, { message: `language must be one of ${LANGUAGES.join(', ')}` })
  language!: Language;
}

export class MeDto extends UserDto {
  @ApiProperty({
    type: [PreferenceDto],
    description: 'Every kind with its effective mode; critical kinds are always IMMEDIATE',
  })
  notificationPreferences!: Array<PreferenceDto & { critical: boolean }>;
}

export class MemberDto {
  @ApiProperty() userId!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty() email!: string;
  @ApiProperty() status!: string;
}
