import { ApiProperty } from '@nestjs/swagger';

export class SessionResponseDto {
  @ApiProperty() accessToken!: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType!: 'Bearer';
  @ApiProperty({ description: 'Access token lifetime in seconds' }) expiresIn!: number;
  @ApiProperty({ description: 'Single-use; exchange at POST /auth/refresh' }) refreshToken!: string;
  @ApiProperty() refreshExpiresAt!: string;
}

export class AcceptedResponseDto {
  @ApiProperty({ example: 'If the address can receive it, an e-mail is on its way.' })
  message!: string;
}
