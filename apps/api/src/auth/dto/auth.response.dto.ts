import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class SessionResponseDto {
  @ApiProperty() accessToken!: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType!: 'Bearer';
  @ApiProperty({ description: 'Access token lifetime in seconds' }) expiresIn!: number;
  @ApiPropertyOptional({
    description:
      'Single-use; exchange at POST /auth/refresh. ' +
      'Absent for browser sessions, which hold it in the acie_refresh cookie',
  })
  refreshToken?: string;

  @ApiProperty({ description: 'When the refresh token (body or cookie) expires' }) refreshExpiresAt!: string;
}

export class AcceptedResponseDto {
  @ApiProperty({ example: 'If the address can receive it, an e-mail is on its way.' })
  message!: string;
}
