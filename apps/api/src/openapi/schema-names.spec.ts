import 'reflect-metadata';
import { ApiProperty } from '@nestjs/swagger';
import { schemaNameCollisions } from './schema-names';

// Two request bodies that both came out as `DeclineDto`: swagger would keep one schema for both.
const commitmentDecline = (() => {
  class DeclineDto {
    @ApiProperty() reason!: string;
  }
  return DeclineDto;
})();
const assignmentDecline = (() => {
  class DeclineDto {
    @ApiProperty() reason!: string;
    @ApiProperty() conflictOfInterest!: boolean;
  }
  return DeclineDto;
})();

class RulesDto {
  @ApiProperty({ type: () => commitmentDecline }) annex!: object;
}

class UnrelatedDto {
  @ApiProperty({ type: [String] }) names!: string[];
}

describe('schema name collisions', () => {
  it('names a schema name that two different classes map to, wherever they are reached from', () => {
    const collisions = schemaNameCollisions([
      { type: RulesDto, from: 'CommitmentsController.put parameter 2' },
      { type: [assignmentDecline], from: 'ReviewQueueController.decline response 200' },
      { type: UnrelatedDto, from: 'X.y parameter 0' },
    ]);
    expect(collisions).toEqual([
      { name: 'DeclineDto', reachedFrom: ['ReviewQueueController.decline response 200', 'RulesDto.annex'] },
    ]);
  });

  it('finds none when each name has one class, however often it is reached', () => {
    expect(
      schemaNameCollisions([
        { type: RulesDto, from: 'a' },
        { type: commitmentDecline, from: 'b' },
        { type: () => RulesDto, from: 'c' },
      ]),
    ).toEqual([]);
  });
});
