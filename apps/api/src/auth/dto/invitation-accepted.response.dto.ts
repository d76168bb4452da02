import { ApiProperty } from '@nestjs/swagger';

export class InvitationAcceptedDto {
  @ApiProperty({
    format: 'uuid',
    description: 'The account the invitation was accepted for (created when the e-mail had none)',
  })
  userId!: string;
}
