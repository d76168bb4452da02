import { DomainError } from '@app/domain';
import { EndSessionUseCase } from './end-session.use-case';

/** Logout spends the refresh token; an unknown or spent token is no error, but a failure to spend it is. */
describe('EndSessionUseCase', () => {
  const uow = { run: (work: (tx: object) => unknown) => work({}) };
  const withConsume = (consume: jest.Mock) => new EndSessionUseCase(uow as never, { consume } as never);

  it('ends quietly when the token is unknown, spent or expired', async () => {
    const consume = jest
      .fn()
      .mockRejectedValue(
        new DomainError('TOKEN_INVALID', 'This link is invalid, has already been used or has expired.'),
      );
    await expect(withConsume(consume).execute('spent')).resolves.toBeUndefined();
  });

  it('fails when the token could not be spent, so the session is not reported ended while it lives on', async () => {
    const consume = jest.fn().mockRejectedValue(new Error('connection terminated unexpectedly'));
    await expect(withConsume(consume).execute('live')).rejects.toThrow('connection terminated unexpectedly');
  });
});
